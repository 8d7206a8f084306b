"""Every kind of record and each of its fields has a name to translate: the audit log, the back
office and the refusals that name a record or a field (“Partner with this Organisation already
exists”) read whole in the reader's language, never with an English name left in."""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise


def test_every_model_and_field_names_itself_for_translation() -> None:
    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("sunbula."):
            continue
        for option in ("verbose_name", "verbose_name_plural"):
            if not isinstance(model._meta.original_attrs.get(option), Promise):
                untranslated.append(f"{model._meta.label} {option}")
        for field in model._meta.get_fields():
            if field.auto_created or getattr(field, "model", None) is not model:
                continue
            if not isinstance(getattr(field, "_verbose_name", None), Promise):
                untranslated.append(f"{model._meta.label}.{field.name}")
    assert untranslated == []

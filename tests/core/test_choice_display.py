"""A record's choice shows the label Django's own `get_<field>_display` gives, in every
language, for every choice of every field of Sunbula's models, and a value outside the
choices as it is; only the label shown is translated."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from sunbula.core.choices import label_of
from sunbula.learning.models import Event


def _choice_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("sunbula.")
        for field in model._meta.fields
        if field.choices
    ]


def test_every_choice_reads_as_djangos_own_display_in_every_language() -> None:
    fields = _choice_fields()
    assert len(fields) > 50
    djangos = models.Model._get_FIELD_display  # type: ignore[attr-defined]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for model, field in fields:
                for value in [key for key, _label in field.flatchoices] + ["not-a-choice"]:
                    record = model(**{field.attname: value})
                    shown = getattr(record, f"get_{field.name}_display")()
                    assert shown == djangos(record, field=field), (model, field.name, value)
                    assert shown == label_of(field, value)


def test_only_the_label_shown_is_translated() -> None:
    value, label = Event._meta.get_field("kind").flatchoices[-1]
    event = Event(kind=value)
    with translation.override("ar"):
        expected = str(label)
        with mock.patch(
            "django.utils.translation._trans.gettext", wraps=trans_real.gettext
        ) as asked:
            shown = event.get_kind_display()
    assert shown == expected != str(label)
    assert asked.call_count == 1


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_value_outside_the_choices_is_shown_as_it_is(value: object) -> None:
    event = Event(kind=value)
    assert event.get_kind_display() == value

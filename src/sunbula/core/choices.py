"""A stored choice shown by its label. Django's `get_<field>_display` looks the value up in a
dict keyed by every (value, label) pair made hashable, which translates every label of the
field on each call: some 400 translations for a list of 25 events. `label_of` translates
only the label it returns; `install()` (run once when the apps are ready) puts it behind
every `get_<field>_display` of Sunbula's models that Django wrote."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str

from sunbula.core.fields import ITEM_CHOICES
from sunbula.core.lists import joined


def label_of(field: models.Field[Any, Any], value: object) -> Any:
    """The label of `value` among `field`'s choices; a value outside them, as it is."""
    for key, label in field.flatchoices:
        if key == value:
            return force_str(label, strings_only=True)
    return force_str(value, strings_only=True)


def item_labels(field: object, values: Iterable[object]) -> str:
    """A list of codes a JSON field holds (its labels in `core.fields.ITEM_CHOICES`), each by
    its label, in the order given, joined as the reader's language joins a list; a code
    outside them, as it is."""
    labels = dict(getattr(field, ITEM_CHOICES, None) or ())
    return joined(labels.get(value, value) for value in values)


def _display(record: models.Model, *, field: models.Field[Any, Any]) -> Any:
    return label_of(field, getattr(record, field.attname))


def install() -> None:
    djangos = models.Model._get_FIELD_display  # type: ignore[attr-defined]
    for model in apps.get_models():
        if not model.__module__.startswith("sunbula."):
            continue
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            written = model.__dict__.get(name)
            if isinstance(written, partialmethod) and written.func is djangos:
                setattr(model, name, partialmethod(_display, field=field))

"""Reasons kept untranslated, as a catalogue's message and its parameters, and shown in the
reader's language: what one person's request or a worker stores, readers of every language
read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from sunbula.core.lists import joined
from sunbula.core.multilingual import localized


@dataclass(frozen=True)
class Reason:
    """Why something was refused: a message of the catalogues, untranslated, and its
    parameters (a parameter may be a Reason too, translated with it, or a list, joined as the
    reader joins one)."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"message": self.message}
        if self.params:
            stored["params"] = {
                name: value.as_dict() if isinstance(value, Reason) else value
                for name, value in self.params.items()
            }
        return stored

    def __str__(self) -> str:
        return reason_text(self.as_dict())


def record_name(record: Any) -> dict[str, Any]:
    """A record's name as a reason's parameter, shown in the reader's language: its name and
    its translations, as the record held them when the reason was given."""
    return {"name": record.name, "translations": record.name_translations}


def untranslated(message: StrOrPromise) -> str:
    """The message as the catalogues know it (its msgid), whatever language is active."""
    with translation.override(None):
        return str(message)


def reason_text(stored: Mapping[str, Any]) -> str:
    """A stored reason in the reader's language. A reason stored before reasons were kept
    untranslated holds plain text: shown as it is (translated where it is a catalogue's
    message); an empty reason (removed with the values it quoted) stays empty."""
    message = str(stored.get("message") or "")
    if not message:
        return ""
    text = gettext(message)
    params = stored.get("params")
    if not isinstance(params, Mapping) or not params:
        return text
    values = {name: _parameter_text(value) for name, value in params.items()}
    for template in (text, message):  # the message itself if a translation lost a placeholder
        try:
            return template % values
        except (KeyError, TypeError, ValueError):
            continue
    return message


def said(text: str) -> str:
    """A reason kept as plain text, in the reader's language: one a domain wrote for itself
    (kept untranslated, marked with `gettext_noop`) translated, a person's words as written."""
    return reason_text({"message": text})


def _parameter_text(value: Any) -> Any:
    """A parameter as the reader reads it: a record's name (`record_name`) in their language,
    a reason translated with its own parameters, a list joined with the reader's separator
    (`joined`), any other value as it is."""
    if isinstance(value, list | tuple):
        return joined(_parameter_text(item) for item in value)
    if not isinstance(value, Mapping):
        return value
    if "translations" in value:
        return localized(str(value.get("name", "")), value["translations"])
    return reason_text(value)

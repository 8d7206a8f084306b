"""Content typed in several languages: one JSON column per text, English in its own column.

A model keeps the English text in `name` (searchable, sortable, required) and the other
languages in `name_translations = TranslationsField()`; `localized()` picks the reader's
language and falls back to English.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any, TypeVar, overload

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sunbula.core.lists import joined


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Store Arabic and Cyrillic as text, not \\u escapes, so that search finds them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def content_language_codes() -> list[str]:
    return [code for code, _name in settings.CONTENT_LANGUAGES if code != "en"]


def is_interface_language(code: str) -> bool:
    """Whether the pages speak `code` and their addresses carry it as a prefix
    (settings.LANGUAGES), rather than only content being typed in it (Dari, Pashto)."""
    return code in {language for language, _name in settings.LANGUAGES}


def validate_translations(value: object) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Translations must be a mapping of language code to text."))
    unknown = sorted(set(value) - set(content_language_codes()))
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": joined(unknown)}
        )
    if not all(isinstance(text, str) for text in value.values()):
        raise ValidationError(_("Each translation must be text."))


class TranslationsField(models.JSONField):
    """Translations of a text field, keyed by language code (`{"ar": "…", "ru": "…"}`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("encoder", UnicodeJSONEncoder)
        kwargs.setdefault("validators", [validate_translations])
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key in ("default", "blank", "encoder", "validators"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


def localized(
    english: str, translations: dict[str, str] | None, language: str | None = None
) -> str:
    """The text in `language` (default: the active one), else its base language, else English."""
    language = (language or get_language() or "en").lower()
    translations = translations or {}
    for code in (language, language.split("-")[0]):
        text = translations.get(code, "").strip()
        if text:
            return text
    return english


class LocalizedText:
    """`local_title = LocalizedText("title")` on a model: its `title` in the reader's language,
    from `title_translations`, else English (see `localized`)."""

    def __init__(self, field: str) -> None:
        self.field = field

    @overload
    def __get__(self, record: None, owner: type) -> LocalizedText: ...

    @overload
    def __get__(self, record: object, owner: type) -> str: ...

    def __get__(self, record: object | None, owner: type) -> LocalizedText | str:
        if record is None:
            return self
        english = getattr(record, self.field)
        return localized(english, getattr(record, f"{self.field}_translations"))


# Letters a reader files together: the final ya and its dotless form, ta marbuta with ha.
# (The alif with hamza or madda loses its mark with the other diacritics.)
_FILED_TOGETHER = str.maketrans({"ى": "ي", "ة": "ه"})

_Named = TypeVar("_Named")


def reading_key(text: str) -> tuple[str, str]:
    """A sort key that puts names in the order a reader of their language looks for them,
    the same on every database: case and diacritics set aside (É with E, ё with е, أ and إ
    with ا), ties broken by the text itself."""
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return bare.translate(_FILED_TOGETHER).casefold(), text


def in_reading_order(
    records: Iterable[_Named], name: Callable[[_Named], str] = str
) -> list[_Named]:
    """`records` sorted by their name as shown in the active language (`str` of a
    Multilingual record is its name in that language, else English)."""
    return sorted(records, key=lambda record: reading_key(name(record)))


_M = TypeVar("_M", bound=models.Model)


class ReadInReadingOrder(Sequence[_M]):
    """The records of `records` (a query set of records named in several languages) in the
    order of their names as the reader reads them (`in_reading_order`), for a list page of
    reference data: every record's name is read once (its id, English name and
    translations), and the records of the page shown are read by their ids."""

    # A download reads the records this many at a time.
    CHUNK = 500

    def __init__(self, records: models.QuerySet[_M], field: str = "name") -> None:
        self.records = records
        self.field = field

    @cached_property
    def ids(self) -> list[Any]:
        language = get_language()
        named = self.records.values_list("pk", self.field, f"{self.field}_translations")
        ordered = sorted(
            named, key=lambda row: (reading_key(localized(row[1], row[2], language)), row[0])
        )
        return [row[0] for row in ordered]

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> _M: ...

    @overload
    def __getitem__(self, index: slice) -> list[_M]: ...

    def __getitem__(self, index: int | slice) -> _M | list[_M]:
        if isinstance(index, int):
            return self.records.get(pk=self.ids[index])
        ids = self.ids[index]
        found = self.records.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self) -> Iterator[_M]:
        for start in range(0, len(self), self.CHUNK):
            yield from self[start : start + self.CHUNK]


def clean_translations(raw: dict[str, str]) -> dict[str, str]:
    """Drop empty texts so that the fallback to English applies."""
    return {code: text.strip() for code, text in raw.items() if text and text.strip()}


def translations_text(translations: dict[str, str]) -> str:
    return json.dumps(translations, ensure_ascii=False, sort_keys=True)

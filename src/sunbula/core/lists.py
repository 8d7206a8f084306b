"""Lists a person reads (labels, names, countries), joined with the comma of the reader's
language: Arabic, Dari and Pashto write "، " where the other languages write ", "."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

# The separator of a list in languages that do not write the Latin comma (by base language).
SEPARATORS = {"ar": "، ", "fa": "، ", "ps": "، "}
COMMA = ", "


def list_separator(language: str | None = None) -> str:
    """What stands between two items of a list in `language` (default: the active one)."""
    base = (language or get_language() or "en").lower().split("-")[0]
    return SEPARATORS.get(base, COMMA)


def joined(items: Iterable[object], language: str | None = None) -> str:
    """`items` as one list the reader reads: "Afghanistan, Kazakhstan" in English,
    "أفغانستان، كازاخستان" in Arabic."""
    return list_separator(language).join(str(item) for item in items)

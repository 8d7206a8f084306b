"""Figures as a reader of each language expects them (Babel's CLDR data): money with its
currency, quantities with their unit, percentages, dates and times in a time zone, the Solar
Hijri date beside the Gregorian for Afghanistan. Each figure is isolated for bidirectional
text (`<bdi>`, or Unicode isolates in plain text) so an amount stays beside its currency in
Arabic, Dari and Pashto. Exports stay machine-readable and never pass through here."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import zoneinfo
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final, Literal

import jdatetime
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)
from babel.units import format_unit, get_unit_name
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

if TYPE_CHECKING:
    from django.http import HttpRequest

# One format per kind, on every page and in every PDF.
DATE_FORMAT: Final[Literal["medium"]] = "medium"
TIME_FORMAT: Final[Literal["short"]] = "short"

# Unicode isolates for plain text (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE).
FSI = "\u2068"
PDI = "\u2069"

# CLDR's units for Sunbula's unit codes (supply.BaseUnit, supply.PurchaseUnit and the free
# `unit` of pledges: "t", "kg"). "piece" has no CLDR unit: it is counted in words below.
CLDR_UNITS = {
    "kg": "mass-kilogram",
    "t": "mass-tonne",
    "tonne": "mass-tonne",
    "g": "mass-gram",
    "litre": "volume-liter",
    "l": "volume-liter",
}
PIECE_UNITS = frozenset({"piece", "pieces", "pcs"})

# Dari and Pashto are content languages without an interface catalogue: their words here.
_PIECES = {"fa-af": "عدد", "ps": "دانې"}
# CLDR gives Pashto its short units in Latin letters ("50 kg"): the words Pashto writes.
_UNIT_WORDS = {
    "ps": {
        "mass-kilogram": "کیلوګرام",
        "mass-tonne": "ټن",
        "mass-gram": "ګرام",
        "volume-liter": "لیټر",
    },
}
_SOLAR_ERA = {"fa-af": "هـ ش", "ps": "هـ ش"}
# The solar months as named in Afghanistan (not Iran's Farvardin, Ordibehesht, …).
DARI_MONTHS = (
    "حمل",
    "ثور",
    "جوزا",
    "سرطان",
    "اسد",
    "سنبله",
    "میزان",
    "عقرب",
    "قوس",
    "جدی",
    "دلو",
    "حوت",
)
PASHTO_MONTHS = (
    "وری",
    "غویی",
    "غبرگولی",
    "چنګاښ",
    "زمری",
    "وږی",
    "تله",
    "لړم",
    "لیندۍ",
    "مرغومی",
    "سلواغه",
    "کب",
)


def _month_names() -> tuple[str, ...]:
    return _month_names_in(translation.get_language())


@cache
def _month_names_in(language: str | None) -> tuple[str, ...]:
    """The month names in the active language (`language`), looked up once per language."""
    # The interface languages translate the Afghan names; msgids are their transliteration.
    return (
        pgettext("Solar Hijri month", "Hamal"),
        pgettext("Solar Hijri month", "Sawr"),
        pgettext("Solar Hijri month", "Jawza"),
        pgettext("Solar Hijri month", "Saratan"),
        pgettext("Solar Hijri month", "Asad"),
        pgettext("Solar Hijri month", "Sunbula"),
        pgettext("Solar Hijri month", "Mizan"),
        pgettext("Solar Hijri month", "Aqrab"),
        pgettext("Solar Hijri month", "Qaws"),
        pgettext("Solar Hijri month", "Jadi"),
        pgettext("Solar Hijri month", "Dalw"),
        pgettext("Solar Hijri month", "Hut"),
    )


# Languages whose pages always show the Solar Hijri date.
SOLAR_HIJRI_LANGUAGES = frozenset({"fa-af", "ps"})
AFGHANISTAN_ISO3 = "AFG"

_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
_TO_LATIN = str.maketrans("".join(_DIGITS.values()), "0123456789" * len(_DIGITS))


# The numbering systems with digits of their own, besides Latin 0-9.
NATIVE_DIGIT_SYSTEMS = tuple(_DIGITS)


def in_digits(text: str, system: str) -> str:
    """`text`'s digits 0-9 written in the numbering system `system` ("arab", "arabext"; any
    other leaves them as they are)."""
    native = _DIGITS.get(system)
    return text.translate(str.maketrans("0123456789", native)) if native else text


def latin_digits(text: str) -> str:
    """`text` with Arabic-Indic (٠١٢) and Persian (۰۱۲) digits written 0-9, as a phone
    keyboard in Arabic, Dari or Pashto types them: ۰۷۰۰ and 0700 are one number."""
    return text.translate(_TO_LATIN)


# The request being answered, read only when a date asks whether to add the Solar Hijri.
_reader: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "sunbula_figures_reader", default=None
)


# For work that answers no page (a report the worker writes): whether its reader's every role
# was limited to Afghanistan when it was asked for (`read_as`); None: read the page's reader.
_limited_to_afghanistan: contextvars.ContextVar[bool | None] = contextvars.ContextVar(
    "sunbula_figures_limited_to_afghanistan", default=None
)


@contextlib.contextmanager
def read_as(*, limited_to_afghanistan: bool) -> Iterator[None]:
    """Write dates, inside the block, for a reader recorded earlier rather than the page's:
    the Solar Hijri rule reads `limited_to_afghanistan` instead of the reader's roles."""
    token = _limited_to_afghanistan.set(limited_to_afghanistan)
    try:
        yield
    finally:
        _limited_to_afghanistan.reset(token)


class ReaderMiddleware:
    """Remember whose page is being rendered, for the Solar Hijri rule."""

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> object:
        token = _reader.set(request)
        try:
            return self.get_response(request)  # type: ignore[operator]
        finally:
            _reader.reset(token)


# --- language and digits ------------------------------------------------------------------


def language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).lower()


def locale(lang: str | None = None) -> Locale:
    return _locale(lang or language())


@cache
def _locale(code: str) -> Locale:
    """A language's CLDR data, parsed once: every figure on a page asks for it."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def numbering_system(lang: str | None = None) -> str:
    """Latin digits unless settings.FIGURE_DIGITS gives the language its own ("arab" for
    Arabic-Indic ٠١٢, "arabext" for the Persian forms ۰۱۲ used in Dari and Pashto)."""
    return str(settings.FIGURE_DIGITS.get(lang or language(), "latn"))


def _digits(text: str, lang: str | None = None) -> str:
    """Babel gives the numbering system's separators but Latin digits: give the digits too."""
    return in_digits(text, numbering_system(lang))


def _isolate(text: str, *, html: bool) -> str:
    return f"<bdi>{escape(text)}</bdi>" if html else f"{FSI}{text}{PDI}"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# --- numbers ----------------------------------------------------------------------------------


# A page writes the same figures again and again (a ration of 50 kg on every row, a dozen
# days): each is written by Babel once per language, numbering system and value. The active
# language is part of the key as well, for the names gettext gives (units, months).
FIGURES_REMEMBERED = 8192


def _remembered(amount: Decimal | datetime.date) -> bool:
    return not isinstance(amount, Decimal) or amount.is_finite()


def number_text(value: object, *, places: int | None = None, lang: str | None = None) -> str:
    """A number with the language's separators and digits; up to three decimals (or exactly
    `places`), without trailing zeros."""
    amount = _decimal(value)
    if amount is None:
        return ""
    lang = lang or language()
    if not _remembered(amount):
        return _number_text.__wrapped__(amount, places, lang, numbering_system(lang))
    return _number_text(amount, places, lang, numbering_system(lang))


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _number_text(amount: Decimal, places: int | None, lang: str, digits: str) -> str:
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        text = format_decimal(amount, format=pattern, locale=_locale(lang), numbering_system=digits)
    else:
        text = format_decimal(amount, locale=_locale(lang), numbering_system=digits)
    return in_digits(text, digits)


def money_text(value: object, currency: object, *, lang: str | None = None) -> str:
    """An amount and its ISO currency code, in the order and with the separators of the
    language ("USD 870,000.00", "870 000,00 USD", "870,000.00 USD" in Arabic)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    code = str(getattr(currency, "code", currency) or "").upper()
    if not code:
        return number_text(amount, places=2, lang=lang)
    lang = lang or language()
    if not _remembered(amount):
        return _money_text.__wrapped__(amount, code, lang, numbering_system(lang))
    return _money_text(amount, code, lang, numbering_system(lang))


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _money_text(amount: Decimal, code: str, lang: str, digits: str) -> str:
    # The currency's own minor unit (CLDR), never fewer than cents when cents were recorded.
    precision = get_currency_precision(code)
    places = max(precision, 2)
    amount = amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    reader = _locale(lang)
    pattern = str(reader.currency_formats["standard"].pattern).split(";")[0]
    # The ISO code, not a symbol: "$" is ambiguous among the currencies Sunbula holds.
    pattern = pattern.replace("¤", "¤¤").replace("¤¤#", "¤¤\xa0#").replace("0¤¤", "0\xa0¤¤")
    text = format_currency(
        amount,
        code,
        format=pattern,
        locale=reader,
        currency_digits=True,
        decimal_quantization=False,
        numbering_system=digits,
    )
    return in_digits(text, digits)


def unit_name(unit: str, count: object = 1, *, lang: str | None = None) -> str:
    """A unit's name in the language, for a table heading or beside a number."""
    code = (unit or "").strip().lower()
    lang = lang or language()
    if code in PIECE_UNITS:
        if lang in _PIECES:
            return _PIECES[lang]
        amount = _decimal(count)
        # A whole count chooses the plural form (Russian has three); a fraction takes the
        # form of "2", as in "2,5 штуки".
        whole = int(amount) if amount is not None and amount == amount.to_integral() else 2
        return ngettext("piece", "pieces", whole)
    cldr = CLDR_UNITS.get(code)
    if cldr:
        word = _UNIT_WORDS.get(lang, {}).get(cldr)
        return word or get_unit_name(cldr, length="short", locale=locale(lang)) or unit
    return unit


def quantity_text(value: object, unit: object = "", *, lang: str | None = None) -> str:
    """A quantity with its unit: "10,000 kg", "10 000 kg", "۱۰٬۰۰۰ کیلوگرم"."""
    amount = _decimal(value)
    if amount is None:
        return ""
    code = str(getattr(unit, "value", unit) or "").strip()
    lang = lang or language()
    key = (amount, code, lang, numbering_system(lang), translation.get_language())
    if not _remembered(amount):
        return _quantity_text.__wrapped__(*key)
    return _quantity_text(*key)


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _quantity_text(amount: Decimal, code: str, lang: str, digits: str, _active: str) -> str:
    cldr = CLDR_UNITS.get(code.lower())
    if cldr and cldr not in _UNIT_WORDS.get(lang, {}):
        text = format_unit(amount, cldr, "short", locale=_locale(lang), numbering_system=digits)
        return in_digits(text, digits)
    figure = number_text(amount, lang=lang)
    if not code:
        return figure
    return f"{figure}\xa0{unit_name(code, amount, lang=lang)}"


def percent_text(value: object, *, places: int = 0, lang: str | None = None) -> str:
    """A share given in percent (0–100), in the language's percent format."""
    amount = _decimal(value)
    if amount is None:
        return ""
    lang = lang or language()
    return _percent_text(str(amount), places, lang, numbering_system(lang))


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _percent_text(amount: str, places: int, lang: str, digits: str) -> str:
    # Keyed by the amount as written: 12.5 and 12.50 are equal Decimals, but one key each.
    reader = _locale(lang)
    pattern = str(reader.percent_formats[None].pattern).split(";")[0]
    if places:
        # The decimals go after the pattern's last digit, whatever stands between it and the
        # sign ("#,##0%", French and Russian "#,##0\u00a0%").
        head, _zero, tail = pattern.rpartition("0")
        pattern = head + "0." + "0" * places + tail
    text = format_percent(
        Decimal(amount) / 100, format=pattern, locale=reader, numbering_system=digits
    )
    return in_digits(text, digits)


# --- dates and times --------------------------------------------------------------------------


def _zone(zone: object) -> datetime.tzinfo:
    if isinstance(zone, datetime.tzinfo):
        return zone
    if zone:
        try:
            return zoneinfo.ZoneInfo(str(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def date_text(value: datetime.date, *, lang: str | None = None) -> str:
    lang = lang or language()
    return _date_text(value, lang, numbering_system(lang))


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _date_text(value: datetime.date, lang: str, digits: str) -> str:
    return in_digits(format_date(value, DATE_FORMAT, locale=_locale(lang)), digits)


def time_text(value: datetime.datetime, zone: object = None, *, lang: str | None = None) -> str:
    """The time of day in `zone` (an IANA name), else in the reader's time zone."""
    moment = value.astimezone(_zone(zone)) if timezone.is_aware(value) else value
    return _digits(format_time(moment, TIME_FORMAT, locale=locale(lang)), lang)


def datetime_text(value: datetime.datetime, zone: object = None, *, lang: str | None = None) -> str:
    """Date and time of day in `zone` (an event's or a site's time zone), else in the
    reader's: the medium date and the short time, joined as the language joins them."""
    moment = value.astimezone(_zone(zone)) if timezone.is_aware(value) else value
    reader = locale(lang)
    joined = str(get_datetime_format(DATE_FORMAT, locale=reader))
    text = joined.replace("{1}", format_date(moment.date(), DATE_FORMAT, locale=reader)).replace(
        "{0}", format_time(moment, TIME_FORMAT, locale=reader)
    )
    return _digits(text, lang)


def solar_hijri_text(value: datetime.date, *, lang: str | None = None) -> str:
    """The Solar Hijri date with the month names used in Afghanistan: "1 Hamal 1405 SH",
    "۱ حمل ۱۴۰۵ هـ ش"."""
    lang = lang or language()
    return _solar_hijri_text(value, lang, numbering_system(lang), translation.get_language())


@lru_cache(maxsize=FIGURES_REMEMBERED)
def _solar_hijri_text(value: datetime.date, lang: str, digits: str, _active: str | None) -> str:
    solar = jdatetime.date.fromgregorian(date=value)
    if lang in _SOLAR_ERA:
        months = PASHTO_MONTHS if lang == "ps" else DARI_MONTHS
        text = f"{solar.day} {months[solar.month - 1]} {solar.year} {_SOLAR_ERA[lang]}"
    else:
        text = _("%(day)s %(month)s %(year)s SH") % {
            "day": solar.day,
            "month": _month_names()[solar.month - 1],
            "year": solar.year,
        }
    return in_digits(text, digits)


def shows_solar_hijri(lang: str | None = None) -> bool:
    """On Dari and Pashto pages, and for a reader whose every role is limited to
    Afghanistan (read with their roles, or as recorded by `read_as`)."""
    if (lang or language()) in SOLAR_HIJRI_LANGUAGES:
        return True
    recorded = _limited_to_afghanistan.get()
    if recorded is not None:
        return recorded
    request = _reader.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is None or not user.is_authenticated:
        return False
    from sunbula.core.access import every_role_limited_to  # access reads the models

    return every_role_limited_to(user, "AFG")


# --- for templates: each figure isolated ------------------------------------------------------


def isolated(text: str, *, html: bool = True) -> str:
    return _isolate(text, html=html) if text else ""


def money(value: object, currency: object, *, html: bool = True) -> str:
    return isolated(money_text(value, currency), html=html)


def quantity(value: object, unit: object = "", *, html: bool = True) -> str:
    return isolated(quantity_text(value, unit), html=html)


def number(value: object, places: int | None = None, *, html: bool = True) -> str:
    return isolated(number_text(value, places=places), html=html)


def percent(value: object, places: int = 0, *, html: bool = True) -> str:
    return isolated(percent_text(value, places=places), html=html)


def day(value: object, *, html: bool = True) -> str:
    """A date (or the date of a moment in the reader's time zone), with the Solar Hijri
    date beside it where the rule asks."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return ""
    text = isolated(date_text(value), html=html)
    if shows_solar_hijri():
        text += " (" + isolated(solar_hijri_text(value), html=html) + ")"
    return text


def moment(value: object, zone: object = None, *, html: bool = True) -> str:
    if not isinstance(value, datetime.datetime):
        return day(value, html=html)
    text = isolated(datetime_text(value, zone), html=html)
    if shows_solar_hijri():
        local = value.astimezone(_zone(zone)) if timezone.is_aware(value) else value
        text += " (" + isolated(solar_hijri_text(local.date()), html=html) + ")"
    return text


def clock(value: object, zone: object = None, *, html: bool = True) -> str:
    if not isinstance(value, datetime.datetime):
        return ""
    return isolated(time_text(value, zone), html=html)


def safe(text: str) -> SafeString:
    return mark_safe(text)  # noqa: S308 - every figure is escaped in _isolate

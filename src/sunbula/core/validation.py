"""The values every input must respect, whatever the channel: no control characters in text,
dates in a plausible window, headcounts and kilograms within sane bounds.

`install()` (run once when the apps are ready) puts the text and date rules on every text
and date field of Sunbula's models, and on Django's and DRF's form and serializer fields (a
serializer field naming a record by a text included), so that pages, the API, imports and
services all refuse the same values with the same message.
The bounds are placed on the fields they concern by the domain models themselves.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework import serializers

from sunbula.core.figures import latin_digits

# C0 controls other than tab, line feed and carriage return; DEL; the C1 controls. None has
# a place in anything a person types, and NUL breaks PostgreSQL's text columns.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Birth dates of the oldest beneficiaries reach back well before 1950; nothing Sunbula
# records (plans, agreements, distributions, expiries) lies beyond 2100.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

# An institution (a prison, a camp, a treatment centre) feeds at most this many people.
MAX_HEADCOUNT = 10_000_000
# A million tonnes: more than any one pledge, lot, dispatch or distribution can hold.
MAX_KILOGRAMS = Decimal(10**9)


def refuse_control_characters(value: Any) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the control characters (invisible characters such as NUL) from this text."),
            code="control_characters",
        )


def date_in_window(value: Any) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )


# The time zone furthest ahead of UTC (the Line Islands of Kiribati): a day has begun for
# someone once it has begun there.
EARLIEST_ZONE = datetime.timezone(datetime.timedelta(hours=14))


def today_somewhere() -> datetime.date:
    """The newest day that has begun anywhere. A person east of the server may already call it
    today: at one in the morning in Kabul, a server on UTC still has yesterday."""
    return timezone.now().astimezone(EARLIEST_ZONE).date()


def is_to_come(day: datetime.date) -> bool:
    """Whether `day` has begun nowhere yet."""
    return day > today_somewhere()


def refuse_future(day: datetime.date, field: str, message: StrOrPromise) -> None:
    """Refuse, on `field`, a day that has begun nowhere yet: what Sunbula records happened
    already (a pledge made, goods received, a hand-over), and a later day would count ahead
    of time. A day that has begun east of the server is not refused: its people live it."""
    if is_to_come(day):
        raise ValidationError({field: message})


def headcount_in_bounds(value: Any) -> None:
    if value is not None and value > MAX_HEADCOUNT:
        raise ValidationError(
            _("A headcount above %(limit)s people is not plausible; check the figure.")
            % {"limit": f"{MAX_HEADCOUNT:,}"},
            code="headcount_too_large",
        )


def kilograms_in_bounds(value: Any) -> None:
    # Compared on both sides: abs() of a number as large as 1e999999999 is itself an error.
    if value is not None and (value > MAX_KILOGRAMS or value < -MAX_KILOGRAMS):
        raise ValidationError(
            _("A quantity above %(limit)s kg is not plausible; check the figure and the unit.")
            % {"limit": f"{MAX_KILOGRAMS:,}"},
            code="quantity_too_large",
        )


# What people type between the digits of a phone number (spaces, dots, dashes, brackets,
# a slash) and the invisible marks a right-to-left keyboard puts around them.
PHONE_SEPARATORS = re.compile(r"[\s().\-/\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# A number as dialled: 7 to 15 digits (E.164 numbers hold at most 15), after a + for the
# international prefix where there is one.
PHONE_NUMBER = re.compile(r"\+?[0-9]{7,15}")


def phone_number(phone: str) -> str:
    """`phone` as one number: its digits written 0-9 however a keyboard typed them (۰۷۰۰,
    ٠٧٠٠), without the separators typed between them, an international prefix 00 written +.
    ValidationError unless that is 7 to 15 digits, with nothing else but a leading +.

    The one check of a phone number, wherever one is given (the registry's persons, farmers
    enrolling in a course); fields take it as `refuse_not_a_phone_number`."""
    number = PHONE_SEPARATORS.sub("", latin_digits(str(phone)))
    if number.startswith("00"):
        number = "+" + number[2:]
    if not PHONE_NUMBER.fullmatch(number):
        raise ValidationError(_("Enter a phone number of 7 to 15 digits."), code="phone_number")
    return number


def refuse_not_a_phone_number(value: Any) -> None:
    """`phone_number` as a field's validator (an empty field is not validated)."""
    phone_number(value)


TEXT_RULES = (refuse_control_characters,)
DATE_RULES = (date_in_window,)


def _add(field: models.Field[Any, Any], rules: tuple[Any, ...]) -> None:
    # The rules join the field's validators where it validates (full_clean, model forms,
    # serializers read `validators`), not its declaration: migrations do not change.
    present = field.validators
    field.__dict__["validators"] = [*present, *(rule for rule in rules if rule not in present)]


def install() -> None:
    """Every text and date field of Sunbula's models, forms and serializers gets the rules."""
    for model in apps.get_models():
        if not model.__module__.startswith("sunbula."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                _add(field, TEXT_RULES)
            elif isinstance(field, models.DateField):  # DateTimeField included
                _add(field, DATE_RULES)
    # Fields declared on forms and serializers (filters, reasons, date ranges) alike; a
    # subclass with validators of its own (e-mail, URL, slug) keeps them.
    for field_class, rules in FIELD_CLASS_RULES:
        setattr(field_class, "default_validators", [*rules])  # noqa: B010
    # A record named by a text (a currency by its code) is looked up before any validator
    # runs: a text with control characters, which no key holds and PostgreSQL cannot even
    # compare, is refused as the field's value first.
    lookup = serializers.SlugRelatedField.to_internal_value
    if not getattr(lookup, "refuses_control_characters", False):
        setattr(serializers.SlugRelatedField, "to_internal_value", _text_checked(lookup))  # noqa: B010
    validate = models.ForeignKey.validate
    if not getattr(validate, "trusts_records_read", False):
        setattr(models.ForeignKey, "validate", _record_read_not_looked_up(validate))  # noqa: B010


def _record_read_not_looked_up(validate: Callable[..., None]) -> Callable[..., None]:
    """Django checks that a link's record exists with a query, one for each link of each
    record saved. A record the service holds, read from the database and still naming the
    same key, is not looked up again: the database's own constraint still refuses a link to
    a record deleted since. A key given alone, or a link limited to some records, is checked
    as before."""

    @functools.wraps(validate)
    def checked(field: Any, value: Any, model_instance: Any) -> None:
        record = None if model_instance is None else field.get_cached_value(model_instance, None)
        if (
            record is None
            or record._state.adding
            or value != getattr(record, field.target_field.attname)
            or field.get_limit_choices_to()
        ):
            validate(field, value, model_instance)
            return
        models.Field.validate(field, value, model_instance)  # choices, null and blank

    checked.trusts_records_read = True  # type: ignore[attr-defined]
    return checked


def _text_checked(lookup: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    @functools.wraps(lookup)
    def checked(field: Any, data: Any) -> Any:
        try:
            refuse_control_characters(data)
        except ValidationError as refused:
            raise serializers.ValidationError(refused.messages, code=refused.code) from refused
        return lookup(field, data)

    checked.refuses_control_characters = True  # type: ignore[attr-defined]
    return checked


FIELD_CLASS_RULES: tuple[tuple[type, tuple[Any, ...]], ...] = (
    (forms.CharField, TEXT_RULES),
    (forms.DateField, DATE_RULES),
    (forms.DateTimeField, DATE_RULES),
    (serializers.CharField, TEXT_RULES),
    (serializers.DateField, DATE_RULES),
    (serializers.DateTimeField, DATE_RULES),
)

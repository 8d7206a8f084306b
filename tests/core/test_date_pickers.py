"""A date picker (`<input type="date">`) reads and writes ISO dates whatever the page's
language: a date written the French or Russian way would leave the picker empty, and the
date already held would be lost when the form is sent."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import sunbula
from sunbula.core.forms import DATE


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(sunbula.__path__, "sunbula."):
        if "forms" in module.name.rsplit(".", 1)[-1] or module.name.endswith("views"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    waiting: list[type[forms.BaseForm]] = [forms.BaseForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("sunbula."):
                found.append(subclass)
    return found


def test_every_date_picker_writes_iso_dates() -> None:
    pickers = [
        (form.__name__, name)
        for form in _form_classes()
        for name, field in getattr(form, "base_fields", {}).items()
        if getattr(field.widget, "input_type", "") == "date"
    ]
    assert len(pickers) > 20
    wrong = [
        (form.__name__, name)
        for form in _form_classes()
        for name, field in getattr(form, "base_fields", {}).items()
        if getattr(field.widget, "input_type", "") == "date" and field.widget.format != "%Y-%m-%d"
    ]
    assert wrong == []


class Pledged(forms.Form):
    pledged_on = forms.DateField(widget=DATE)


def test_a_date_held_shows_in_the_picker_in_every_language() -> None:
    for language in ("en", "ar", "fr", "ru"):
        with translation.override(language):
            html = str(Pledged(initial={"pledged_on": datetime.date(2023, 3, 1)})["pledged_on"])
        assert 'value="2023-03-01"' in html, (language, html)


def test_a_date_typed_with_slashes_is_never_read_in_the_american_order() -> None:
    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("2026-12-01") == datetime.date(2026, 12, 1)
        assert field.clean("1 December 2026") == datetime.date(2026, 12, 1)
        with pytest.raises(forms.ValidationError):
            field.clean("01/12/2026")
    with translation.override("fr"):
        assert field.clean("01/12/2026") == datetime.date(2026, 12, 1)


def test_a_date_written_as_it_is_reads_as_the_day_filter_writes_it() -> None:
    from django.utils.formats import date_format

    from sunbula.core import figures

    day = datetime.date(2026, 6, 1)
    with translation.override("en"):
        written = figures.day(day, html=False).strip("\u2068\u2069")  # without its isolates
        assert date_format(day) == written == "Jun 1, 2026"

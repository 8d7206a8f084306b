"""No page shows a stored code where a reader expects words: every choice a model defines is
shown by its translated label, never by its value (`treatment_centre`, `not_recorded`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db.models import TextChoices
from django.urls import reverse

from sunbula.core.models import User
from sunbula.core.plugins import navigation_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DETAILS = [
    "core.Site",
    "core.MemberState",
    "core.Organisation",
    "funding.Pledge",
    "programmes.Project",
    "supply.Lot",
    "supply.Waybill",
    "learning.Event",
    "partners.Partner",
    "partners.Agreement",
    "registry.Household",
    "assistance.Cycle",
]
# Pages that show tallies whose values travel without their record.
TRACES = {"assistance:pledge_trace": "funding.Pledge", "assistance:lot_trace": "supply.Lot"}
MORE = [
    "/supply/losses/",
    "/supply/balances/",
    "/supply/waybills/",
    "/supply/commodities/",
    "/supply/contributions/",
]


def _choice_classes(base: type) -> list[type]:
    found = []
    for cls in base.__subclasses__():
        found.append(cls)
        found.extend(_choice_classes(cls))
    return found


def _codes() -> set[str]:
    """Every snake_case value of a choice Sunbula defines, on a model field or not."""
    codes: set[str] = {"not_recorded"}
    for choices in _choice_classes(TextChoices):
        if choices.__module__.startswith("sunbula."):
            codes.update(
                str(value)
                for value in choices.values
                if re.fullmatch(r"[a-z]+(_[a-z]+)+", str(value))
            )
    for model in apps.get_models():
        if not model.__module__.startswith("sunbula."):
            continue
        for field in model._meta.fields:
            for value, _label in field.flatchoices or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+", value):
                    codes.add(value)
    return codes


class _Text(HTMLParser):
    """The words a reader sees: text outside scripts, styles and code."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.extend(re.findall(r"[a-z]+(?:_[a-z]+)+", data))


def _pages(user: User) -> list[str]:
    urls = [item.url.removeprefix("/en") for item in navigation_for(user)]
    for name in DETAILS:
        record = apps.get_model(name).objects.order_by("pk").first()
        if record is not None and hasattr(record, "get_absolute_url"):
            urls.append(record.get_absolute_url().removeprefix("/en"))
    for name, model in TRACES.items():
        record = apps.get_model(model).objects.order_by("pk").first()
        assert record is not None, model
        urls.append(reverse(name, args=[record.pk]).removeprefix("/en"))
    return [*urls, *MORE]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_show_labels_not_codes(director: User, language: str) -> None:
    codes = _codes()
    client = client_for(director)
    found: dict[str, set[str]] = {}
    for url in _pages(director):
        response = client.get(f"/{language}{url}")
        assert response.status_code == 200, url
        text = _Text()
        text.feed(response.content.decode())
        raw = codes.intersection(text.words)
        if raw:
            found[url] = raw
    assert not found, f"raw choice values: {found}"

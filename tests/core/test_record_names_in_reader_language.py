"""Pages name records in the reader's language: where a site, organisation, area, commodity or
institution has an Arabic name, the Arabic pages show it, never the English one, whether the
page reads the record or only its name (grouped rows, labels built in Python)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps

from sunbula.assistance.models import Beneficiary, Distribution
from sunbula.core.models import User
from sunbula.funding.models import Payment, Pledge
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Text a reader is not meant to read in Arabic: code, and what a form holds to be edited.
UNREAD = ("script", "style", "code", "option", "select", "textarea")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr")


class _Text(HTMLParser):
    """The text of a page a reader of Arabic reads: outside code and form fields, and
    outside what is marked as written in another language."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # each open element, and whether it is read
        self.texts: list[str] = []

    def _read(self) -> bool:
        return not self.open or self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        language = dict(attrs).get("lang")
        unread = tag in UNREAD or (language is not None and language != "ar")
        self.open.append((tag, self._read() and not unread))

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _read in self.open):
            while self.open.pop()[0] != tag:
                continue

    def handle_data(self, data: str) -> None:
        if self._read() and data.strip():
            self.texts.append(data.strip())


def _english_names() -> re.Pattern[str]:
    """Every record's English name or title that has an Arabic translation, as whole words,
    the longest first (so that "Kandahar drug-treatment centre" is found as itself)."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = {field.name for field in model._meta.get_fields()}
        for text in ("name", "title"):
            if text in fields and f"{text}_translations" in fields:
                for english, translations in model._default_manager.values_list(
                    text, f"{text}_translations"
                ):
                    arabic = (translations or {}).get("ar", "").strip()
                    if arabic and arabic != english:
                        names.add(english)
    words = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def _pages() -> list[str]:
    """The pages that showed English names: losses, the 4W, a treatment centres' cycle and
    its hand-overs, each in-kind pledge with its payments and pipeline and the
    contributions still to receive."""
    treated = Beneficiary.objects.filter(kind=Beneficiary.Kind.INSTITUTION).first()
    assert treated is not None
    cycle = treated.cycle
    distribution = Distribution.objects.filter(beneficiary=treated).first()
    assert distribution is not None
    entitlement = treated.entitlements.first()
    assert entitlement is not None
    pages = [
        "/ar/supply/losses/",
        "/ar/programmes/4w/",
        "/ar/supply/contributions/",
        f"/ar/assistance/cycles/{cycle.pk}/",
        f"/ar/assistance/cycles/{cycle.pk}/distributions/",
        f"/ar/assistance/cycles/{cycle.pk}/entitlements/",
        f"/ar/assistance/distributions/{distribution.pk}/",
        f"/ar/assistance/entitlements/{entitlement.pk}/reduce/",
    ]
    in_kind = Pledge.objects.filter(contribution_type="in_kind").order_by("pk")
    assert in_kind.exists()
    for pledge in in_kind:
        pages.append(f"/ar/funding/pledges/{pledge.pk}/")
        pages.append(f"/ar/supply/pledges/{pledge.pk}/pipeline/")
    for payment in Payment.objects.filter(commitment__pledge__in=in_kind).order_by("pk"):
        pages.append(f"/ar/funding/payments/{payment.pk}/")
    return pages


def test_arabic_pages_show_no_english_name_of_a_translated_record(director: User) -> None:
    english = _english_names()
    client = client_for(director)
    found: dict[str, list[str]] = {}
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _Text()
        text.feed(response.content.decode())
        shown = [name for part in text.texts for name in english.findall(part)]
        if shown:
            found[url] = sorted(set(shown))
    assert not found, f"English names on Arabic pages: {found}"

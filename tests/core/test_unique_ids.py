"""The main detail pages hold several forms: no element id is used twice, and each label
names a field of its own form (clicking "Amount" by the payment focuses the payment)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.apps import apps

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# A pledge with commitments shows the commitment and the payment forms side by side.
BUSY = {"funding.Pledge": {"status": "active", "commitments__isnull": False}}
DETAIL_PAGES = [
    "funding.Pledge",
    "funding.DonorConference",
    "funding.Commitment",
    "programmes.Project",
    "programmes.Programme",
    "supply.Waybill",
    "learning.Event",
    "partners.Agreement",
    "registry.Household",
    "core.Site",
]


class _Ids(HTMLParser):
    """Ids with the form each sits in; labels' `for` with the form each sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.form = 0
        self.forms = 0
        self.ids: list[tuple[str, int]] = []
        self.labels: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.forms += 1
            self.form = self.forms
        if named.get("id"):
            self.ids.append((str(named["id"]), self.form))
        if tag == "label" and named.get("for"):
            self.labels.append((str(named["for"]), self.form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = 0


@pytest.mark.parametrize("model", DETAIL_PAGES)
def test_no_id_twice_and_labels_point_into_their_form(director: User, model: str) -> None:
    record = apps.get_model(model).objects.filter(**BUSY.get(model, {})).order_by("pk").first()
    assert record is not None, model
    url = record.get_absolute_url()
    response = client_for(director).get(url)
    assert response.status_code == 200, url
    page = _Ids()
    page.feed(response.content.decode())
    twice = [name for name, count in Counter(name for name, _form in page.ids).items() if count > 1]
    assert not twice, f"{url}: ids used twice: {twice}"
    where = dict(page.ids)
    astray = [name for name, form in page.labels if form and where.get(name) != form]
    assert not astray, f"{url}: labels for a field outside their form: {astray}"

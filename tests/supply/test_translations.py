"""Every supply page speaks Arabic, French and Russian; the printed waybill and goods-received
note carry Arabic beside English."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.supply.conftest import Stock
from tests.supply.pages import make_pages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_show_translated_headings(
    world: World, stock: Stock, admin: User, language: str
) -> None:
    pages = make_pages(world, stock, admin)
    pledge = pages.payment.commitment.pledge_id
    headings = [
        ("supply/", "Stock by site and commodity"),
        ("supply/balances/", "Lots on hand"),
        (f"supply/balances/{pages.afghan_balance.pk}/", "Stock card"),
        ("supply/expiry/", "Expiry alerts"),
        ("supply/losses/", "Awaiting approval"),
        ("supply/waybills/", "Waybills"),
        (f"supply/waybills/{pages.waybill.pk}/", "Print the goods-received note"),
        (f"supply/waybills/{pages.waybill.pk}/print/", "Dispatched by"),
        (f"supply/waybills/{pages.waybill.pk}/grn/", "Goods-received note"),
        (f"supply/waybills/{pages.draft.pk}/receive/", "Record the goods received"),
        (f"supply/pledges/{pledge}/pipeline/", "Pipeline of the contribution"),
        ("supply/contributions/", "Contributions to receive"),
        (f"supply/contributions/{pages.payment.pk}/receive/", "Receive the contribution"),
        ("supply/counts/", "Approve the count"),
        ("supply/counts/new/", "New stock count"),
        ("supply/waybills/new/", "New waybill"),
    ]
    client = client_for(admin)
    for path, heading in headings:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        with translation.override(language):
            translated = translation.gettext(heading)
        assert translated != heading, (language, heading)
        html = response.content.decode()
        assert translated in html or translated.replace("'", "&#x27;") in html, (language, path)


def test_the_printed_waybill_is_bilingual(world: World, stock: Stock, admin: User) -> None:
    pages = make_pages(world, stock, admin)
    html = client_for(admin).get(f"/en/supply/waybills/{pages.waybill.pk}/print/").content.decode()
    with translation.override("ar"):
        arabic = translation.gettext("Waybill")
    assert "Waybill" in html and arabic in html
    assert "دقيق القمح" in html


def test_commodity_and_site_names_follow_the_reader(
    world: World, stock: Stock, admin: User
) -> None:
    html = client_for(admin).get("/ar/supply/").content.decode()
    assert "دقيق القمح" in html
    assert "مركز علاج الإدمان في هرات" not in html  # nothing in stock there yet
    assert "Wheat flour" not in html


def test_the_waybill_and_note_come_as_pdf(world: World, stock: Stock, admin: User) -> None:
    pages = make_pages(world, stock, admin)
    client = client_for(admin)
    for document in ("waybill", "grn"):
        response = client.get(f"/ar/supply/waybills/{pages.waybill.pk}/{document}.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

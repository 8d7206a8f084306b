"""The printed waybill and goods-received note carry Arabic beside English; names follow the
reader. Page headings in every language are checked in tests/test_translated_headings.py."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.supply.conftest import Stock
from tests.supply.pages import make_pages

pytestmark = pytest.mark.django_db


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

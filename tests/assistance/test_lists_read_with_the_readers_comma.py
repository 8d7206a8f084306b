"""Assistance's lists read with the reader's comma: the lots of a trace, the ration on an
entitlement card ("، " on the Arabic, Dari and Pashto sides, each quantity in that side's
words), ", " in English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from sunbula.assistance import cards, services
from sunbula.core.models import Site, User
from sunbula.supply import services as supply_services
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
ARABIC_COMMA = "، "


def test_the_lots_of_a_trace_read_with_the_arabic_comma(
    scene: tuple[Any, list[Site], int], officer_afg: User
) -> None:
    _entitlements, _sites, pledge = scene
    client = client_for(officer_afg)

    arabic = client.get(f"/ar/assistance/trace/pledges/{pledge}/").content.decode()
    english = client.get(f"/en/assistance/trace/pledges/{pledge}/").content.decode()

    lot_link = r'<a href="/(?:ar|en)/assistance/trace/lots/\d+/">[^<]+</a>'
    assert len(re.findall(f"{lot_link}{ARABIC_COMMA}{lot_link}", arabic)) >= 1
    assert len(re.findall(f"{lot_link}, {lot_link}", english)) >= 1
    assert not re.findall(f"{lot_link}, {lot_link}", arabic)


def test_the_ration_on_a_card_reads_in_each_sides_words(
    field: Field, officer_afg: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    oil = supply_services.commodity_upsert(
        actor=None,
        code="VEG-OIL",
        name="Vegetable oil",
        name_translations={"ar": "زيت نباتي", "fa-af": "روغن نباتی", "ps": "نباتي غوړي"},
        category="oil",
        base_unit="kg",
        package_size=Decimal(5),
        package_name="5 kg tin",
        kcal_per_kg=8840,
        shelf_life_days=365,
    )
    services.ration_line_set(actor=None, cycle=field.cycle, commodity=oil, quantity=Decimal(5))
    ready(field.cycle)
    written: dict[str, Any] = {}

    def pdf(template: str, context: dict[str, Any], **options: Any) -> bytes:
        written.update(context)
        return b"%PDF-"

    monkeypatch.setattr(cards, "template_pdf", pdf)
    client = client_for(officer_afg)
    for pair in ("en-ar", "fa-ps"):
        url = f"/en/assistance/cycles/{field.cycle.pk}/cards.pdf?languages={pair}"
        assert client.get(url).status_code == 200
        [card] = written["cards"]
        for side in card.sides:
            text = side["ration_text"]
            if side["language"] == "en":
                assert text in (
                    "Wheat flour: 50 kg, Vegetable oil: 5 kg",
                    "Vegetable oil: 5 kg, Wheat flour: 50 kg",
                )
            else:
                assert ARABIC_COMMA in text and ", " not in text, (side["language"], text)
            if side["language"] == "ar":
                assert "kg" not in text and "50 كغم" in text, text

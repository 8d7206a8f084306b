"""An entitlement card's Pashto side names the ration's unit in Pashto, as its Arabic and
Dari sides name it in theirs: never "kg" in Latin letters; each side counts the household's
people in its own digits."""

from __future__ import annotations

from typing import Any

import pytest

from sunbula.assistance import cards
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db


def test_each_side_of_a_card_names_the_unit_in_its_own_words(
    field: Field, officer_afg: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(field.cycle)
    written: dict[str, Any] = {}

    def pdf(template: str, context: dict[str, Any], **options: Any) -> bytes:
        written.update(context)
        return b"%PDF-"

    monkeypatch.setattr(cards, "template_pdf", pdf)
    ration: dict[str, str] = {}
    people: dict[str, str] = {}
    for pair in ("en-ar", "fa-ps"):
        url = f"/en/assistance/cycles/{field.cycle.pk}/cards.pdf?languages={pair}"
        assert client_for(officer_afg).get(url).status_code == 200
        [card] = written["cards"]
        ration.update({side["language"]: side["ration_text"] for side in card.sides})
        people.update({side["language"]: side["people_count"] for side in card.sides})

    assert ration["en"].endswith("50 kg")
    assert ration["ar"].endswith("50 كغم")
    assert ration["fa-af"].endswith("۵۰ کیلوگرم")
    assert ration["ps"].endswith("۵۰\xa0کیلوګرام")
    assert "kg" not in ration["ps"]
    headcount = field.cycle.beneficiaries.get().people
    assert people["en"] == str(headcount)
    assert (
        people["ps"]
        == people["fa-af"]
        == str(headcount).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )

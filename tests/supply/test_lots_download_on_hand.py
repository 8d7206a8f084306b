"""The lots received, downloaded as CSV, give what is on hand of a lot to the gram, written
as the quantity received beside it is, on every database."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import LossCause
from tests.conftest import World, client_for
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def spoiled(world: World, stock: Stock) -> None:
    """12.833 kg of the Kabul lot spoiled: 987.167 kg of its 1,000 kg are left."""
    services.stock_loss_record(
        actor=None,
        site=world.kabul_warehouse,
        lot=stock.kabul_lot,
        quantity=Decimal("12.833"),
        reference="LOSS-1",
        cause=LossCause.SPOILAGE,
        reason="Wet sacks",
        occurred_at=datetime.date(2023, 6, 1),
    )


def test_the_csv_gives_on_hand_to_the_gram(spoiled: None, officer_afg: User) -> None:
    answer = client_for(officer_afg).get("/en/supply/lots/?format=csv")

    body = b"".join(answer.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(body)))
    kabul = next(row for row in rows if row["Lot"] == "LOT-KBL-1")
    assert (kabul["Received"], kabul["On hand"]) == ("1000.000", "987.167")

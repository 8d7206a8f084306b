"""The FTS flows file writes each figure as plain decimals a spreadsheet and FTS read."""

from __future__ import annotations

import csv
import io

import pytest

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_the_exchange_rate_is_written_in_plain_notation(
    world: World, money: Money, admin: User
) -> None:
    kzt_pledge(world, money, reference="KZT-450")
    response = client_for(admin).get("/en/funding/exports/fts-flows.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    flows = [row for row in rows[1:] if row["reference_code"].startswith("KZT-450")]
    assert flows
    assert {row["exchange_rate"] for row in flows} == {"450"}


def test_the_open_data_exports_offer_the_fts_flows(world: World, money: Money, admin: User) -> None:
    kzt_pledge(world, money, reference="KZT-451")
    client = client_for(admin)
    page = client.get("/en/reports/").content.decode()
    assert '<a href="/en/funding/exports/fts-flows.csv">' in page
    flows = client.get("/en/funding/exports/fts-flows.csv").content.decode("utf-8-sig")
    assert "KZT-451" in flows

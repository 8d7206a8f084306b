"""The funding demo: seed facts kept, illustrative figures flagged, loading twice changes nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, Organisation, Role
from sunbula.funding.demo import load_funding_demo
from sunbula.funding.models import DonorConference, Pledge
from sunbula.funding.selectors import fts_flows
from tests.conftest import client_for, make_persona

pytestmark = pytest.mark.django_db

FTS_FIELDS = {
    "status",
    "source_organisation",
    "destination_organisation",
    "original_amount",
    "original_currency",
    "exchange_rate",
    "amount_usd",
    "contribution_type",
    "decision_date",
    "budget_year",
    "earmarking",
    "reference_code",
}


def test_loading_twice_changes_nothing(demo: None) -> None:
    entries, pledges = AuditEntry.objects.count(), Pledge.objects.count()
    load_funding_demo(lambda _line: None)
    assert (AuditEntry.objects.count(), Pledge.objects.count()) == (entries, pledges)


def test_the_seed_facts_are_kept_and_the_figures_flagged(demo: None) -> None:
    conference = DonorConference.objects.get()
    assert sorted(conference.co_hosts.values_list("acronym", flat=True)) == ["IOFS", "UNAMA"]
    assert conference.is_illustrative
    flour = Pledge.objects.filter(project__code="AFSP-FFH-2023")
    assert sum(pledge.quantity or 0 for pledge in flour) == Decimal(68)
    assert {pledge.contribution_type for pledge in flour} == {"in_kind"}
    assert sorted(p.donor.acronym or p.donor.name for p in flour)[0] == "Government of Turkmenistan"
    for code in ("AFSP-WHEAT-HERAT", "AFSP-WHEAT-LOGAR"):
        donors = Pledge.objects.filter(project__code=code).values_list("donor__acronym", flat=True)
        assert set(donors) == {"IOFS", "TIKA", "CICA"}
    assert all(pledge.is_illustrative for pledge in Pledge.objects.all())


def test_the_fts_csv_has_one_row_per_flow(demo: None) -> None:
    iofs = Organisation.objects.get(acronym="IOFS")
    admin = make_persona("fts@example.org", Role.ADMINISTRATOR, iofs, [])
    response = client_for(admin).get("/en/funding/exports/fts-flows.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, hxl, body = rows[0], rows[1], rows[2:]
    assert set(header) >= FTS_FIELDS
    assert {"#org+name+funder", "#value+usd", "#currency", "#status", "#date"} <= set(hxl)
    flows = fts_flows(user=admin)
    assert len(body) == len(flows)
    records = [dict(zip(header, row, strict=True)) for row in body]
    assert len({record["reference_code"] for record in records}) == len(records)
    # One flow per unpaid or uncommitted part, per payment: the demo's chain gives exactly this.
    expected = 0
    for pledge in Pledge.objects.all():
        commitments = list(pledge.commitments.all())
        committed = sum((c.amount for c in commitments), Decimal(0))
        expected += pledge.amount > committed
        for commitment in commitments:
            payments = list(commitment.payments.all())
            expected += len(payments) + (commitment.amount > sum(p.amount for p in payments))
    assert len(records) == expected
    statuses = {record["status"] for record in records}
    assert statuses == {"pledge", "commitment", "paid"}
    flour = [r for r in records if r["destination_project"] == "AFSP-FFH-2023"]
    assert {r["contribution_type"] for r in flour} == {"in kind"}
    assert {r["status"] for r in flour} == {"paid"}
    for record in records:
        amount, rate = Decimal(record["original_amount"]), Decimal(record["exchange_rate"])
        assert (amount / rate).quantize(Decimal("0.01")) == Decimal(record["amount_usd"])
        assert record["source_organisation"] and record["decision_date"]

"""Four eyes, as a page offers it: an approval is offered only to someone other than the
person who proposed, counted, put forward or received what is approved; that person is told
another approves it. Read on the demo's records waiting for approval."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.allocation.models import AllocationProposal
from sunbula.core.models import Site, User
from sunbula.supply import services
from sunbula.supply.models import ExpiryWriteOff, Lot, StockCount, Waybill
from sunbula.supply.services import CountedLine
from tests.conftest import client_for

pytestmark = pytest.mark.usefixtures("demo")


def _persona(email: str) -> User:
    return User.objects.get(email=email)


def _approve_forms(body: str, action: str) -> int:
    return body.count(f'action="{action}"')


def test_whoever_proposed_an_allocation_is_not_offered_its_approval() -> None:
    proposal = AllocationProposal.objects.get()
    page = f"/en/allocation/proposals/{proposal.pk}/"
    approve = f"/en/allocation/proposals/{proposal.pk}/approve/"
    proposer = client_for(_persona("officer.afg@sunbula.example")).get(page).content.decode()
    assert proposal.proposed_by.email == "officer.afg@sunbula.example"
    assert _approve_forms(proposer, approve) == 0
    assert "another person must approve it" in proposer
    other = client_for(_persona("admin@sunbula.example")).get(page).content.decode()
    assert _approve_forms(other, approve) == 1
    assert "another person must approve it" not in other


def test_a_count_and_a_write_off_are_offered_for_approval_to_others_only() -> None:
    officer = _persona("officer.afg@sunbula.example")
    school = Site.objects.get(name="Herat farmer field school")
    seed = Lot.objects.get(reference="DEMO-HERAT-UREA")
    own_count = services.stock_count_record(
        actor=officer,
        site=school,
        counted_on=seed.received_on,
        reason="Spot check",
        lines=[CountedLine(lot=seed, counted_quantity=Decimal(10000))],
    )
    kandahar = Site.objects.get(name="Kandahar drug-treatment centre")
    own_writeoff = services.expiry_writeoff_request(
        actor=officer,
        site=kandahar,
        lot=Lot.objects.get(reference="DEMO-FFH23-TKM-LOT"),
        quantity=Decimal(50),
    )
    theirs_count = StockCount.objects.exclude(pk=own_count.pk).get()
    theirs_writeoff = ExpiryWriteOff.objects.exclude(pk=own_writeoff.pk).get()
    client = client_for(officer)
    counts = client.get("/en/supply/counts/").content.decode()
    assert _approve_forms(counts, f"/en/supply/counts/{theirs_count.pk}/approve/") == 1
    assert _approve_forms(counts, f"/en/supply/counts/{own_count.pk}/approve/") == 0
    writeoffs = client.get("/en/supply/write-offs/").content.decode()
    assert _approve_forms(writeoffs, f"/en/supply/write-offs/{theirs_writeoff.pk}/approve/") == 1
    assert _approve_forms(writeoffs, f"/en/supply/write-offs/{own_writeoff.pk}/approve/") == 0


def test_whoever_received_a_loss_is_not_offered_its_approval() -> None:
    waybill = Waybill.objects.get(number="WB-FFH23-03")
    line = waybill.lines.get()
    assert line.awaits_approval
    approve = f"/en/supply/losses/{line.pk}/approve/"
    officer = _persona("officer.afg@sunbula.example")
    page = f"/en/supply/waybills/{waybill.pk}/"
    assert _approve_forms(client_for(officer).get(page).content.decode(), approve) == 1
    # As if she had booked the receipt herself.
    Waybill.objects.filter(pk=waybill.pk).update(received_by=officer)
    body = client_for(officer).get(page).content.decode()
    assert _approve_forms(body, approve) == 0
    assert "Someone other than the receiver must approve the loss." in body
    assert client_for(officer).post(approve).status_code == 403

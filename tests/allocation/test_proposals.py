"""A proposal for a cycle whose own stock has expired: the model sends the Kabul warehouse's
flour to Herat, another person approves, and applying it drafts the waybill and cuts the
caseload through supply's and assistance's services; the ledger still adds up."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.allocation import services
from sunbula.allocation.models import AllocationProposal
from sunbula.assistance.models import Cycle, Entitlement
from sunbula.core.models import AuditEntry, User
from sunbula.supply import services as supply
from sunbula.supply.models import StockBalance, StockMovement, Waybill
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cycle(field: Field, world: World) -> Cycle:
    return june_cycle(field, world)


def _ledger_adds_up() -> None:
    for balance in StockBalance.objects.all():
        assert balance.quantity >= 0
        moved = StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        assert balance.quantity == sum(moved.values_list("quantity", flat=True), Decimal(0))


def test_propose_approve_apply(cycle: Cycle, officer_afg: User, admin: User) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    # Only the Kabul lot is good in June 2024; all of it goes, none of the expired stock.
    assert (line.lot.reference, line.kg) == ("LOT-KBL", Decimal(300))
    assert proposal.explanation["model"]["scarcest_commodity"] == "WHEAT-FLOUR"
    assert proposal.explanation["model"]["person_days_per_tonne"] > 0

    with pytest.raises(services.FourEyes):
        services.proposal_approve(actor=officer_afg, proposal=proposal)
    services.proposal_line_adjust(actor=officer_afg, line=line, kg=Decimal(250))
    with pytest.raises(services.ValidationError):
        services.proposal_line_adjust(actor=officer_afg, line=line, kg=Decimal(301))
    centre_entitled = Entitlement.objects.get(cycle=cycle, beneficiary__kind="institution").quantity
    services.proposal_approve(actor=admin, proposal=proposal)
    services.proposal_apply(actor=admin, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == AllocationProposal.Status.APPLIED
    waybill = Waybill.objects.get(lines__lot__reference="LOT-KBL")
    assert waybill.status == Waybill.Status.DRAFT
    assert waybill.lines.get().quantity == Decimal(250)
    # 250 kg of flour feed 14.4 of the 43 people for the month: the caseload is cut. The
    # household of three is left out; leaving out the centre's 40 residents instead would
    # leave most of the flour feeding no one, so they keep the share of their entitlement
    # that the flour covers: 14.4 people's of 40.
    entitlements = Entitlement.objects.filter(cycle=cycle)
    household = entitlements.get(beneficiary__kind="household")
    assert household.status == Entitlement.Status.CANCELLED
    centre = entitlements.get(beneficiary__kind="institution")
    assert centre.status == Entitlement.Status.APPROVED
    row = proposal.explanation["sites"][0]
    feeds = Decimal(250 * 3640) / Decimal(str(row["full_kcal"] * row["days"]))
    assert centre.quantity / centre_entitled == pytest.approx(feeds / 40, abs=Decimal("0.001"))
    assert AuditEntry.objects.filter(action="allocation.allocationproposal.applied").exists()
    supply.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D(2024, 6, 1))
    _ledger_adds_up()


def test_a_waybill_drafted_for_a_proposal_leads_back_to_it(
    cycle: Cycle, officer_afg: User, admin: User
) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    services.proposal_approve(actor=admin, proposal=proposal)
    services.proposal_apply(actor=admin, proposal=proposal)
    waybill = proposal.lines.get().waybill
    assert waybill is not None
    page = client_for(officer_afg).get(waybill.get_absolute_url()).content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in page
    assert "Herat, June 2024 · Applied" in page


def test_cutting_rations_reduces_entitlements(cycle: Cycle, officer_afg: User, admin: User) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="rations", floor_kcal=500
    )
    services.proposal_approve(actor=admin, proposal=proposal)
    services.proposal_apply(actor=admin, proposal=proposal)
    reduced = Entitlement.objects.filter(cycle=cycle, status=Entitlement.Status.APPROVED)
    # 300 kg feed 43 people at 847 kcal a day, above the 500 floor: everyone stays, on less.
    assert reduced.count() == 2
    household = reduced.get(beneficiary__kind="household")
    assert household.quantity < Decimal(50)


def test_pages_and_api(cycle: Cycle, officer_afg: User, admin: User, officer_kaz: User) -> None:
    client = client_for(officer_afg)
    plan = client.get(f"/en/allocation/cycles/{cycle.pk}/")
    assert plan.status_code == 200
    assert "Wheat flour" in plan.content.decode()
    assert (
        f"/en/allocation/cycles/{cycle.pk}/"
        in client.get(cycle.get_absolute_url()).content.decode()
    )
    response = client.post(
        f"/en/allocation/cycles/{cycle.pk}/", {"mode": "caseload", "floor_kcal": "1680"}
    )
    assert response.status_code == 302
    proposal = AllocationProposal.objects.get(cycle=cycle)
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert b"LOT-KBL" in page.content
    assert client_for(officer_kaz).get(proposal.get_absolute_url()).status_code == 404
    line = proposal.lines.get()
    adjusted = client.patch(
        f"/api/v1/allocation/lines/{line.pk}/", {"kg": "120.5"}, content_type="application/json"
    )
    assert adjusted.status_code == 200, adjusted.content
    assert adjusted.json()["kg"] == "120.500"
    refused = client.post(f"/api/v1/allocation/proposals/{proposal.pk}/approve/")
    assert refused.status_code == 403
    approved = client_for(admin).post(f"/api/v1/allocation/proposals/{proposal.pk}/approve/")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    basket = client.post(
        "/api/v1/allocation/basket/",
        {"people": 100, "kcal": 1500, "protein_g": 40, "fat_g": 0},
        content_type="application/json",
    )
    assert basket.status_code == 200, basket.content
    assert set(basket.json()["kg_per_day"]) == {"WHEAT-FLOUR"}
    assert (
        client.get(
            "/en/allocation/basket/?people=100&days=30&kcal=1500&protein_g=40&fat_g=0"
        ).status_code
        == 200
    )
    assert client.get("/en/allocation/").status_code == 200


def test_the_areas_ipc_phase_weights_its_need(cycle: Cycle, admin: User, world: World) -> None:
    from sunbula.allocation.inputs import cycle_problem
    from sunbula.allocation.model import Mode
    from sunbula.monitoring import services as monitoring
    from tests.monitoring.conftest import HXL_HEADER

    monitoring.situation_dataset_import(
        actor=admin,
        country=world.afghanistan,
        name="Herat, spring 2024",
        classification="ipc",
        source="Test",
        published_on=D(2024, 5, 15),
        period_type="current",
        # A quarter of Herat in phase 4: the area is in Emergency.
        content=(HXL_HEADER + "AF32,2024-05-01,3000,2000,2500,2500,0,5000\n").encode(),
    )
    read = cycle_problem(user=admin, cycle=cycle, mode=Mode.CUT_CASELOAD, floor_kcal=1680)
    assert [need.weight for need in read.problem.needs] == [3.0]
    assert [need.people for need in read.problem.needs] == [43]

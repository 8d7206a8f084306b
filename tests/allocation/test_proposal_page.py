"""A proposal's page as its reader sees it: each line links to its lot and to the sites it
leaves and reaches, says the month it feeds by its first day, names the scarcest commodity,
and refusals give their figures in the reader's language."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from sunbula.allocation import services
from sunbula.allocation.models import AllocationProposal
from sunbula.allocation.selectors import plan_rows
from sunbula.assistance.models import Cycle
from sunbula.core.models import User
from sunbula.supply import services as supply
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(field: Field, world: World) -> Cycle:
    return june_cycle(field, world)


def test_a_line_links_to_its_lot_and_sites_and_names_its_month(
    cycle: Cycle, officer_afg: User, world: World
) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    page = client_for(officer_afg).get(f"/fr/allocation/proposals/{proposal.pk}/")
    html = page.content.decode()
    assert f'href="/fr/supply/lots/{line.lot_id}/"' in html
    assert f'href="/fr/sites/{world.kabul_warehouse.pk}/"' in html
    assert f'href="/fr/sites/{line.site_id}/"' in html
    assert "1 juin 2024" in html
    assert "Produit le plus rare : Farine de blé" in html
    assert "WHEAT-FLOUR" not in html


def test_too_many_kilograms_are_refused_with_figures_for_the_reader(
    cycle: Cycle, officer_afg: User
) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    answer = client_for(officer_afg).post(f"/fr/allocation/lines/{line.pk}/", {"kg": "1000000"})
    assert answer.status_code == 422
    assert "1\u202f000\u202f000 kg sont alloués" in answer.content.decode()
    line.refresh_from_db()
    assert line.kg == Decimal(300)


def test_a_line_is_offered_as_a_number_the_form_takes_back_in_french(
    cycle: Cycle, officer_afg: User
) -> None:
    """The quantity a French reader is shown in a line's field is one the form accepts, and
    so is the quantity typed with a decimal comma."""
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    services.proposal_line_adjust(actor=officer_afg, line=line, kg=Decimal("250.5"))
    client = client_for(officer_afg)
    page = client.get(f"/fr/allocation/proposals/{proposal.pk}/").content.decode()
    shown = re.search(r'<input name="kg" type="number" value="([^"]*)"', page)
    assert shown is not None
    assert client.post(f"/fr/allocation/lines/{line.pk}/", {"kg": shown[1]}).status_code == 302
    line.refresh_from_db()
    assert line.kg == Decimal("250.5")
    assert client.post(f"/fr/allocation/lines/{line.pk}/", {"kg": "120,25"}).status_code == 302
    line.refresh_from_db()
    assert line.kg == Decimal("120.25")


def test_an_approval_refused_for_stock_names_the_lot_and_where_it_is_held(
    cycle: Cycle, officer_afg: User, admin: User, world: World
) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    # A hundred kilograms spoil in the warehouse after the proposal was drawn up.
    supply.stock_loss_record(
        actor=None,
        site=line.origin,
        lot=line.lot,
        quantity=Decimal(100),
        reference="SPOILED",
        cause="spoilage",
        occurred_at=datetime.date(2024, 5, 2),
    )
    answer = client_for(admin).post(f"/en/allocation/proposals/{proposal.pk}/approve/")
    assert answer.status_code == 422
    assert (
        "Only 200 kg of lot LOT-KBL is on hand at Kabul warehouse; 300 kg are allocated."
        in answer.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == AllocationProposal.Status.DRAFT


def test_the_plan_gives_the_ration_of_those_it_serves(cycle: Cycle, officer_afg: User) -> None:
    """Cutting caseload, those served get the full ration: the food is not shown shared
    among everyone planned, below the people served it feeds."""
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    rows = plan_rows(user=officer_afg, proposal=proposal)
    assert rows
    for row in rows:
        assert 0 < row.people_served < row.people
        assert row.kcal_per_person_served == pytest.approx(row.full_kcal, rel=1e-3)
    page = client_for(officer_afg).get(f"/en/allocation/proposals/{proposal.pk}/")
    html = page.content.decode()
    assert "kcal per person served per day" in html
    assert "floor 1,680 kcal" not in html


def test_a_proposal_asked_for_with_nothing_names_the_missing_fields(
    cycle: Cycle, officer_afg: User
) -> None:
    answer = client_for(officer_afg).post(f"/en/allocation/cycles/{cycle.pk}/", {})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert page.count('<strong class="error">This field is required.</strong>') == 2
    assert not AllocationProposal.objects.filter(cycle=cycle).exists()


def test_a_refusal_of_the_model_is_said_once(world: World, field: Field, officer_afg: User) -> None:
    answer = client_for(officer_afg).post(
        f"/en/allocation/cycles/{field.cycle.pk}/", {"mode": "rations", "floor_kcal": "1680"}
    )
    assert answer.status_code == 422
    refusal = "No one on this cycle&#x27;s list is served by a stock-keeping site in your scope."
    assert answer.content.decode().count(refusal) == 1


def test_the_list_of_proposals_leads_to_the_cycles_to_propose_from(officer_afg: User) -> None:
    page = client_for(officer_afg).get("/en/allocation/").content.decode()
    assert 'href="/en/assistance/"' in page


def test_approval_and_changes_are_offered_only_where_the_reader_may_give_them(
    cycle: Cycle, officer_afg: User, admin: User, reader_acting_in_kazakhstan: User
) -> None:
    """An M&E officer everywhere who is also a programme officer for Kazakhstan reads the
    Afghan proposal, but is offered neither its approval nor a change to its lines."""
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    approve = f"/en/allocation/proposals/{proposal.pk}/approve/"
    line = f"/en/allocation/lines/{proposal.lines.get().pk}/"
    reader = reader_acting_in_kazakhstan
    page = client_for(reader).get(f"/en/allocation/proposals/{proposal.pk}/")
    assert page.status_code == 200
    assert approve not in page.content.decode() and line not in page.content.decode()
    assert client_for(reader).post(approve).status_code == 403
    offered = client_for(admin).get(f"/en/allocation/proposals/{proposal.pk}/").content.decode()
    assert approve in offered and line in offered

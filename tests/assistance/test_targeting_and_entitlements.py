"""Rules as data with a preview count, a frozen list that registry edits do not change,
entitlements per household and per institution from its verified headcount, and their
states: draft → approved → partly distributed → distributed | expired | cancelled."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Cycle, Entitlement, RationKind
from sunbula.assistance.selectors import eligible_count
from sunbula.core.models import User
from sunbula.registry import services as registry_services
from tests.conftest import Field, World, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_preview_counts_what_the_rules_select(field: Field, admin: User) -> None:
    assert eligible_count(user=admin, cycle=field.cycle) == 1
    services.eligibility_rule_add(
        actor=None, cycle=field.cycle, field="displacement_status", value="returnee"
    )
    assert eligible_count(user=admin, cycle=field.cycle) == 0


def test_the_frozen_list_keeps_the_household_as_it_was(field: Field, world: World) -> None:
    entitlement = ready(field.cycle)
    row = Beneficiary.objects.get(cycle=field.cycle)
    assert (row.people, row.females, row.males) == (3, 2, 1)
    assert (row.children, row.adults, row.elderly, row.displacement) == (1, 2, 0, "idp")
    assert entitlement.quantity == Decimal(50)
    assert entitlement.status == Entitlement.Status.APPROVED
    registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Newborn", household=field.household
    )
    row.refresh_from_db()
    assert row.people == 3
    with pytest.raises(services.AssistanceError):
        services.eligibility_rule_add(
            actor=None, cycle=field.cycle, field="vulnerability", value="disability"
        )


def test_an_institution_is_entitled_from_its_verified_headcount(field: Field, world: World) -> None:
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Centres",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 8, 29),
        ration_kind=RationKind.PER_RESIDENT_MONTH,
    )
    services.ration_line_set(
        actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal("13.5")
    )
    services.eligibility_rule_add(
        actor=None, cycle=cycle, field="institution_kind", value="treatment_centre"
    )
    entitlement = ready(cycle)
    assert entitlement.beneficiary.institution == field.institution
    assert entitlement.quantity == Decimal(40) * Decimal("13.5") * 3


def test_the_states_of_an_entitlement(field: Field) -> None:
    entitlement = ready(field.cycle)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(20),
        distributed_on=D(2023, 6, 2),
    )
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.PARTLY
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(30),
        distributed_on=D(2023, 6, 3),
    )
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.DISTRIBUTED
    with pytest.raises(services.AssistanceError):
        services.entitlement_cancel(actor=None, entitlement=entitlement)


def test_closing_a_cycle_expires_what_was_not_handed_over(field: Field) -> None:
    entitlement = ready(field.cycle)
    services.cycle_close(actor=None, cycle=field.cycle)
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.EXPIRED
    assert Cycle.objects.get(pk=field.cycle.pk).status == Cycle.Status.CLOSED

"""Must show: a confirmed duplicate cannot be given twice in one cycle; an entitlement cannot
be distributed beyond its quantity; a distribution cannot draw more than the site holds.
Each refusal leaves nothing half-written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Distribution, Entitlement, RationKind
from sunbula.core.models import User
from sunbula.registry import services as registry_services
from sunbula.supply.models import StockBalance, StockMovement
from sunbula.supply.services import StockShort
from tests.conftest import Field, World, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_confirmed_duplicate_cannot_be_listed_twice(
    field: Field, world: World, admin: User
) -> None:
    twin = registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Fatimah", external_id="P-TWIN"
    )
    pair = registry_services.duplicate_pair_flag(
        actor=None, person_1=field.mother, person_2=twin, score=0.97
    )
    registry_services.duplicate_pair_confirm(actor=admin, pair=pair)
    twin.refresh_from_db()
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Individuals",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_PERSON_DAY,
    )
    services.beneficiary_add(actor=None, cycle=cycle, person=field.mother)
    with pytest.raises(services.DuplicateBeneficiary):
        services.beneficiary_add(actor=None, cycle=cycle, person=twin)
    assert Beneficiary.objects.filter(cycle=cycle).count() == 1


def test_the_duplicate_listed_first_blocks_its_survivor(
    field: Field, world: World, admin: User
) -> None:
    twin = registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Fatimah", external_id="P-TWIN"
    )
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Individuals",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_PERSON_DAY,
    )
    services.beneficiary_add(actor=None, cycle=cycle, person=twin)
    pair = registry_services.duplicate_pair_flag(
        actor=None, person_1=field.mother, person_2=twin, score=0.97
    )
    registry_services.duplicate_pair_confirm(actor=admin, pair=pair)
    with pytest.raises(services.DuplicateBeneficiary):
        services.beneficiary_add(actor=None, cycle=cycle, person=field.mother)


def test_an_entitlement_cannot_be_exceeded(field: Field) -> None:
    entitlement = ready(field.cycle)
    movements = StockMovement.objects.count()
    with pytest.raises(services.EntitlementExceeded):
        services.distribution_record(
            actor=None,
            entitlement=entitlement,
            site=field.centre,
            quantity=Decimal("50.001"),
            distributed_on=D(2023, 6, 2),
        )
    assert StockMovement.objects.count() == movements
    assert not Distribution.objects.exists()
    assert Entitlement.objects.get(pk=entitlement.pk).distributed == 0


def test_a_distribution_cannot_draw_more_than_the_site_holds(field: Field, world: World) -> None:
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
    entitlement = ready(cycle)
    assert entitlement.quantity == Decimal(1620)
    with pytest.raises(StockShort):
        services.distribution_record(
            actor=None,
            entitlement=entitlement,
            site=field.centre,
            quantity=Decimal(1201),
            distributed_on=D(2023, 6, 2),
        )
    assert sum(balance.quantity for balance in StockBalance.objects.all()) == Decimal(1200)
    assert not Distribution.objects.exists()


def test_lots_are_drawn_first_expiry_first_out(field: Field) -> None:
    entitlement = ready(field.cycle)
    distribution = services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=D(2023, 6, 2),
    )
    assert [(draw.lot, draw.quantity) for draw in distribution.draws.all()] == [
        (field.early_lot, Decimal(50))
    ]
    balances = {balance.lot_id: balance.quantity for balance in StockBalance.objects.all()}
    assert balances == {field.early_lot.pk: Decimal(150), field.late_lot.pk: Decimal(1000)}


def test_a_paper_list_is_recorded_whole_or_not_at_all(field: Field) -> None:
    ready(field.cycle)
    rows = [services.BatchRow("HH-1", Decimal(30)), services.BatchRow("HH-404", Decimal(5))]
    with pytest.raises(Exception, match="Line 2"):
        services.distribution_batch_record(
            actor=None,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            rows=rows,
        )
    assert not Distribution.objects.exists()

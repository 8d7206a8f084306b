"""The assistance services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Cycle, EligibilityRule, Entitlement, RationKind
from sunbula.core.models import User
from tests.audit import Walked
from tests.conftest import Field, World, ready

D = datetime.date


def _fed_cycle(field: Field, world: World) -> Cycle:
    return services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Fed",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
        kg_indicator=field.projects.tonnes,
        reporting_period=field.projects.year,
    )


def calls(field: Field, world: World, admin: User) -> dict[str, Callable[[], Any]]:
    cycle = field.cycle

    def frozen() -> Cycle:
        services.beneficiary_list_freeze(actor=admin, cycle=cycle)
        return cycle

    def approved() -> Entitlement:
        return ready(cycle)

    return {
        "cycle_create": lambda: _fed_cycle(field, world),
        "ration_line_set": lambda: services.ration_line_set(
            actor=admin, cycle=cycle, commodity=field.flour, quantity=Decimal(45)
        ),
        "eligibility_rule_add": lambda: services.eligibility_rule_add(
            actor=admin, cycle=cycle, field="vulnerability", value="disability"
        ),
        "eligibility_rule_remove": lambda: services.eligibility_rule_remove(
            actor=admin, rule=EligibilityRule.objects.get(cycle=cycle)
        ),
        "beneficiary_list_freeze": lambda: services.beneficiary_list_freeze(
            actor=admin, cycle=cycle
        ),
        "beneficiary_add": lambda: services.beneficiary_add(
            actor=admin, cycle=cycle, institution=field.institution
        ),
        "entitlements_compute": lambda: services.entitlements_compute(actor=admin, cycle=frozen()),
        "entitlements_approve": lambda: services.entitlements_approve(
            actor=admin,
            cycle=(frozen(), services.entitlements_compute(actor=None, cycle=cycle))[0],
        ),
        "entitlement_cancel": lambda: services.entitlement_cancel(
            actor=admin, entitlement=approved()
        ),
        "entitlement_reduce": lambda: services.entitlement_reduce(
            actor=admin, entitlement=approved(), quantity=Decimal(1)
        ),
        "cycle_close": lambda: services.cycle_close(actor=admin, cycle=cycle),
        "distribution_record": lambda: services.distribution_record(
            actor=admin,
            entitlement=approved(),
            site=field.centre,
            quantity=Decimal(10),
            distributed_on=D(2023, 6, 2),
        ),
        "distribution_batch_record": lambda: services.distribution_batch_record(
            actor=admin,
            cycle=(approved(), cycle)[1],
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            rows=[services.BatchRow("HH-1", Decimal(10))],
        ),
        "distribution_list_upload": lambda: services.distribution_list_upload(
            actor=admin,
            cycle=(approved(), cycle)[1],
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            content=b"reference,quantity\nHH-1,10\n",
            file_name="list.csv",
        ),
        "distribution_reverse": lambda: services.distribution_reverse(
            actor=admin,
            distribution=services.distribution_record(
                actor=None,
                entitlement=approved(),
                site=field.centre,
                quantity=Decimal(10),
                distributed_on=D(2023, 6, 2),
            ),
            reason="Wrong household",
        ),
        "cycle_update": lambda: services.cycle_update(
            actor=admin, cycle=cycle, name="Herat households, June 2023 (revised)"
        ),
        "cycle_actuals_feed": lambda: services.cycle_actuals_feed(
            actor=admin, cycle=_fed_cycle(field, world)
        ),
        "tallies_rebuild": lambda: services.tallies_rebuild(actor=admin),
        "monitoring_start": lambda: services.monitoring_start(
            actor=admin,
            cycle=services.distribution_record(
                actor=None,
                entitlement=approved(),
                site=field.centre,
                quantity=Decimal(10),
                distributed_on=D(2023, 6, 2),
            ).entitlement.cycle,
            seed=1,
            sample_size=1,
        ),
        "person_assistance_forget": lambda: services.person_assistance_forget(
            actor=admin,
            person=services.beneficiary_add(actor=None, cycle=cycle, person=field.mother).person,  # type: ignore[arg-type]
        ),
        "distribution_point_record": lambda: services.distribution_point_record(
            actor=admin,
            client_id=uuid.UUID(int=1),
            entitlement=approved(),
            site=field.centre,
            quantity=Decimal(10),
            distributed_on=D(2023, 6, 2),
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public assistance service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    field = request.getfixturevalue("field")
    return calls(field, world, admin), ()

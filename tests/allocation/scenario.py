"""A cycle for the allocation tests and the audit walk."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sunbula.assistance import services as assistance
from sunbula.assistance.models import Cycle, RationKind
from sunbula.supply import services as supply
from tests.conftest import Field, World

D = datetime.date


def june_cycle(field: Field, world: World) -> Cycle:
    """June 2024 in Herat: the household of three and the centre's 40 residents; the
    centre's own flour has expired by then, 300 kg wait in Kabul."""
    supply.stock_site_register(actor=None, site=world.kabul_warehouse, capacity=Decimal(10**6))
    supply.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=field.flour,
        quantity=Decimal(300),
        received_on=D(2024, 5, 1),
        reference="GRN-KBL",
        lot_reference="LOT-KBL",
        expires_on=D(2025, 5, 1),
    )
    cycle = assistance.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Herat, June 2024",
        period_start=D(2024, 6, 1),
        period_end=D(2024, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    assistance.ration_line_set(actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(50))
    assistance.eligibility_rule_add(actor=None, cycle=cycle, field="admin_area", value="AF32")
    assistance.beneficiary_list_freeze(actor=None, cycle=cycle)
    assistance.beneficiary_add(actor=None, cycle=cycle, institution=field.institution)
    assistance.entitlements_compute(actor=None, cycle=cycle)
    assistance.entitlements_approve(actor=None, cycle=cycle)
    return cycle

"""The summary tables: whatever distributions happen, what the services kept equals a rebuild
from the draws, and both equal the ledgers they summarise."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.assistance import services
from sunbula.assistance.models import (
    CountedFor,
    Distribution,
    DistributionTally,
    Draw,
    Entitlement,
    ReachedTally,
)
from sunbula.assistance.selectors import pledge_trace
from sunbula.assistance.tallies import tallies_recompute
from sunbula.core.errors import DomainError
from sunbula.core.models import AuditEntry, Site, User
from tests.assistance.conftest import tally_state

pytestmark = pytest.mark.django_db
D = datetime.date


operations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=1, max_value=30),
        st.integers(min_value=0, max_value=1),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations)
def test_rebuild_equals_what_the_services_kept(
    scene: tuple[list[Entitlement], list[Site], int], admin: User, steps: list[tuple[int, int, int]]
) -> None:
    entitlements, sites, pledge_id = scene
    with transaction.atomic():
        for which, kilograms, where in steps:
            # A refusal (too much, not in stock) writes nothing; the next step goes on.
            with contextlib.suppress(DomainError, ValidationError):
                services.distribution_record(
                    actor=admin,
                    entitlement=entitlements[which],
                    site=sites[where],
                    quantity=Decimal(kilograms),
                    distributed_on=D(2023, 6, 10),
                )
        kept = tally_state()

        # The tallies are the ledgers they summarise.
        handed = sum((row[4] for row in kept["handed"]), Decimal(0))
        assert handed == (Distribution.objects.aggregate(total=Sum("quantity"))["total"] or 0)
        served = Distribution.objects.values("beneficiary").distinct()
        people = sum(row[6] for row in kept["reached"] if row[0] == CountedFor.CYCLE)
        assert people == sum(
            entitlement.beneficiary.people
            for entitlement in entitlements
            if served.filter(beneficiary=entitlement.beneficiary_id).exists()
        )
        pledge_served = (
            Draw.objects.filter(lot__pledge_id=pledge_id).values("beneficiary").distinct()
        )
        assert pledge_trace(user=admin, pledge_id=pledge_id).people == sum(
            entitlement.beneficiary.people
            for entitlement in entitlements
            if pledge_served.filter(beneficiary=entitlement.beneficiary_id).exists()
        )

        tallies_recompute()
        assert tally_state() == kept
        transaction.set_rollback(True)


def test_rebuild_is_a_service_that_leaves_an_audit_entry(
    scene: tuple[list[Entitlement], list[Site], int], admin: User
) -> None:
    entitlements, sites, _pledge = scene
    services.distribution_record(
        actor=admin,
        entitlement=entitlements[0],
        site=sites[0],
        quantity=Decimal(50),
        distributed_on=D(2023, 6, 10),
    )
    kept = tally_state()
    DistributionTally.objects.all().delete()
    ReachedTally.objects.all().delete()
    assert services.tallies_rebuild(actor=admin) == (len(kept["handed"]), len(kept["reached"]))
    assert tally_state() == kept
    assert AuditEntry.objects.filter(action="assistance.tallies.rebuilt", actor=admin).exists()

"""Property: whatever mix of single distributions, lists and reversals happens, stock is
conserved, nobody is served twice in a cycle (or beyond an entitlement), indicator actuals
equal the distributions they come from, and units are never mixed."""

from __future__ import annotations

import contextlib
import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.assistance import services
from sunbula.assistance.models import Cycle, Distribution, Draw, Entitlement
from sunbula.assistance.tallies import tallies_recompute
from sunbula.core.errors import DomainError
from sunbula.core.models import Site, User
from sunbula.programmes.models import IndicatorActual
from sunbula.supply.models import MovementKind, StockBalance, StockMovement
from tests.assistance.conftest import tally_state
from tests.conftest import Field

pytestmark = pytest.mark.django_db
D = datetime.date
ZERO = Decimal(0)

Scene = tuple[list[Entitlement], list[Site], int]


@pytest.fixture
def fed_scene(field: Field, request: pytest.FixtureRequest) -> Scene:
    """The scene, with the cycle feeding the project's tonnes indicator."""
    services.cycle_update(
        actor=None,
        cycle=field.cycle,
        kg_indicator=field.projects.tonnes,
        reporting_period=field.projects.year,
    )
    scene: Scene = request.getfixturevalue("scene")
    return scene


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("one"),
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=1, max_value=60),
            st.integers(min_value=0, max_value=1),
        ),
        st.tuples(
            st.just("list"),
            st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=4),
            st.integers(min_value=1, max_value=30),
            st.integers(min_value=0, max_value=1),
        ),
        st.tuples(
            st.just("reverse"),
            st.integers(min_value=0, max_value=20),
            st.just(0),
            st.just(0),
        ),
    ),
    min_size=1,
    max_size=10,
)


def _on_hand() -> Decimal:
    return StockBalance.objects.aggregate(total=Sum("quantity"))["total"] or ZERO


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps)
def test_the_desk_keeps_its_invariants(fed_scene: Scene, admin: User, plan: list[tuple]) -> None:  # type: ignore[type-arg]
    entitlements, sites, _pledge = fed_scene
    cycle = Cycle.objects.get(pk=entitlements[0].cycle_id)
    with transaction.atomic():
        start = _on_hand()
        for kind, which, amount, where in plan:
            # A refusal (too much, not in stock, served already) writes nothing.
            with contextlib.suppress(DomainError, ValidationError):
                if kind == "one":
                    services.distribution_record(
                        actor=admin,
                        entitlement=entitlements[which],
                        site=sites[where],
                        quantity=Decimal(amount),
                        distributed_on=D(2023, 6, 10),
                    )
                elif kind == "list":
                    references = sorted({entitlements[i].beneficiary.reference for i in which})
                    services.distribution_batch_record(
                        actor=admin,
                        cycle=cycle,
                        commodity=entitlements[0].commodity,
                        site=sites[where],
                        distributed_on=D(2023, 6, 11),
                        rows=[services.BatchRow(ref, Decimal(amount)) for ref in references],
                    )
                else:
                    live = list(
                        Distribution.objects.filter(
                            reverses__isnull=True, reversal__isnull=True
                        ).order_by("pk")
                    )
                    if live:
                        services.distribution_reverse(
                            actor=admin, distribution=live[which % len(live)], reason="check"
                        )

        # Stock is conserved: what left the shelves is what the distributions hold, net.
        handed = Distribution.objects.aggregate(total=Sum("quantity"))["total"] or ZERO
        assert start - _on_hand() == handed
        for balance in StockBalance.objects.all():
            moved = StockMovement.objects.filter(
                site_id=balance.site_id, lot_id=balance.lot_id
            ).aggregate(total=Sum("quantity"))["total"]
            assert balance.quantity == moved
        out = -(
            StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION).aggregate(
                total=Sum("quantity")
            )["total"]
            or ZERO
        )
        assert out == handed

        # Nobody beyond their entitlement, and each entitlement equals its distributions.
        for entitlement in Entitlement.objects.filter(cycle=cycle):
            net = entitlement.distributions.aggregate(total=Sum("quantity"))["total"] or ZERO
            assert entitlement.distributed == net
            assert ZERO <= net <= entitlement.quantity
        # Each original is reversed at most once, by exactly its quantity.
        for reversal in Distribution.objects.filter(reverses__isnull=False):
            assert reversal.quantity == -reversal.reverses.quantity  # type: ignore[union-attr]

        # Units never mixed: every draw takes the commodity of its entitlement.
        assert not Draw.objects.exclude(
            lot__commodity=F("distribution__entitlement__commodity")
        ).exists()

        # The indicator actual is the distributions' kilograms, in tonnes.
        actual = IndicatorActual.objects.filter(
            indicator=cycle.kg_indicator, sex="", age_group="", displacement=""
        ).first()
        tonnes = (handed / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert (actual.value if actual else ZERO) == tonnes

        # The tallies are what a rebuild from the draws gives.
        kept = tally_state()
        tallies_recompute()
        assert tally_state() == kept
        transaction.set_rollback(True)

"""The assistance demo: illustrative, idempotent (a second load changes nothing and writes no
audit entry), and the farmers' baskets feed the Herat and Logar indicator actuals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.models import Cycle, Distribution, Entitlement
from sunbula.core.models import AuditEntry
from sunbula.programmes.models import IndicatorActual
from sunbula.supply.models import StockMovement

pytestmark = pytest.mark.django_db


def test_the_demo_is_illustrative_idempotent_and_feeds_actuals(demo: None) -> None:
    assert Cycle.objects.count() == 4
    assert not Cycle.objects.filter(is_illustrative=False).exists()
    assert not Distribution.objects.filter(is_illustrative=False).exists()
    assert Entitlement.objects.filter(status=Entitlement.Status.DISTRIBUTED).count() > 100
    counts = (
        AuditEntry.objects.count(),
        Distribution.objects.count(),
        StockMovement.objects.count(),
    )
    load_assistance_demo(lambda _line: None)
    assert counts == (
        AuditEntry.objects.count(),
        Distribution.objects.count(),
        StockMovement.objects.count(),
    )
    farmers = IndicatorActual.objects.filter(source="assistance", sex="")
    assert sorted(actual.indicator.result.project.code for actual in farmers) == [
        "AFSP-WHEAT-HERAT",
        "AFSP-WHEAT-LOGAR",
    ]
    assert all(actual.value > Decimal(0) for actual in farmers)

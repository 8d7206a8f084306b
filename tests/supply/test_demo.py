"""The supply demo: 68 t of Flour for Humanity flour accounted for to the kilogram, inputs in
stock for Herat and Logar, illustrative figures flagged, loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.funding.models import Pledge
from sunbula.supply.demo import load_supply_demo
from sunbula.supply.models import Lot, StockBalance, StockMovement, Waybill, WaybillLine
from sunbula.supply.selectors import pledge_pipeline
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_flour_pipeline_adds_up_to_68_tonnes(director: User) -> None:
    pledges = list(Pledge.objects.filter(reference__startswith="DEMO-FFH23-", parent=None))
    pipeline = pledge_pipeline(user=director, pledges=pledges)
    assert pipeline.pledged == pipeline.received == Decimal(68000)
    assert pipeline.received == (
        pipeline.in_stock + pipeline.in_transit + pipeline.distributed + pipeline.lost
    )
    assert pipeline.dispatched == Decimal(68000)
    assert pipeline.dispatched == pipeline.delivered + pipeline.lost + pipeline.in_transit
    assert pipeline.lost == Decimal(300)
    assert {row.site for row in pipeline.in_stock_by_site} == {
        "Kabul drug-treatment centre",
        "Herat drug-treatment centre",
        "Kandahar drug-treatment centre",
    }
    bags = sum(line.packages for line in WaybillLine.objects.filter(lot__pledge__in=pledges))
    assert bags == 1360


def test_the_transport_loss_is_flagged_and_illustrative(demo: None) -> None:
    line = WaybillLine.objects.get(lost_quantity__gt=0)
    assert line.waybill.destination.name == "Kandahar drug-treatment centre"
    assert line.loss_flagged and line.awaits_approval
    assert line.loss_cause == "transport_damage"
    assert line.waybill.is_illustrative
    assert Waybill.objects.filter(status="closed").count() == 3


def test_inputs_are_in_stock_for_herat_and_logar(demo: None) -> None:
    for site in ("Herat farmer field school", "Logar distribution point"):
        codes = set(
            StockBalance.objects.filter(site__name=site, quantity__gt=0).values_list(
                "lot__commodity__code", flat=True
            )
        )
        assert codes == {"WHEAT-SEED", "UREA", "DAP", "TOOL-KIT"}
    assert not Lot.objects.filter(reference__startswith="DEMO-HERAT", is_illustrative=False)


def test_loading_twice_changes_nothing(demo: None) -> None:
    counts = (AuditEntry.objects.count(), StockMovement.objects.count(), Lot.objects.count())
    load_supply_demo(lambda _line: None)
    assert (
        AuditEntry.objects.count(),
        StockMovement.objects.count(),
        Lot.objects.count(),
    ) == counts


def test_the_pipeline_page_and_endpoint_show_it(director: User) -> None:
    pledge = Pledge.objects.get(reference="DEMO-FFH23-TKM")
    client = client_for(director)
    page = client.get(f"/en/supply/pledges/{pledge.pk}/pipeline/").content.decode()
    assert "Kandahar drug-treatment centre" in page
    data = client.get(f"/api/v1/supply/pipeline/{pledge.pk}/").json()
    assert data["received"] == "13000.000"
    assert data["lost"] == "300.000"

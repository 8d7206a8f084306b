"""Food past its expiry date on the day of a hand-over is never handed out, at the desk or
from an uploaded list: the lots still good are drawn first expiry first, a lot is good to
the end of its expiry day, and a site holding only expired stock refuses the hand-over and
says so, nothing written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, Draw, Entitlement
from sunbula.assistance.services.cycles import ShortAtSite
from sunbula.core import services as core_services
from sunbula.core.models import Site, User
from sunbula.supply import services as supply_services
from sunbula.supply.models import Lot, StockBalance
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _lot(site: Site, field: Field, reference: str, expires_on: datetime.date) -> Lot:
    return supply_services.lot_receive(
        actor=None,
        site=site,
        commodity=field.flour,
        quantity=Decimal(30),
        received_on=D(2023, 5, 3),
        reference=f"GRN-{reference}",
        lot_reference=reference,
        expires_on=expires_on,
    )


@pytest.fixture
def stale_lot(field: Field) -> Lot:
    """Flour at the centre that expires on the cycle's first day, before every other lot."""
    return _lot(field.centre, field, "LOT-STALE", D(2023, 6, 1))


@pytest.fixture
def annex(field: Field, world: World) -> Site:
    """A store in Herat that holds nothing but flour expired since the end of May."""
    site = core_services.site_create(
        actor=None,
        name="Herat annex",
        kind="warehouse",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    supply_services.stock_site_register(actor=None, site=site, capacity=Decimal(1000))
    _lot(site, field, "LOT-ANNEX", D(2023, 5, 31))
    return site


def _hand_over(entitlement: Entitlement, site: Site, day: datetime.date) -> Distribution:
    return services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=site,
        quantity=Decimal(10),
        distributed_on=day,
    )


def _drawn_from(distribution: Distribution) -> list[str]:
    return [draw.lot.reference for draw in Draw.objects.filter(distribution=distribution)]


def test_the_desk_leaves_out_a_lot_expired_on_the_day(field: Field, stale_lot: Lot) -> None:
    entitlement = ready(field.cycle)

    handed = _hand_over(entitlement, field.centre, D(2023, 6, 2))

    assert _drawn_from(handed) == ["LOT-EARLY"]
    assert StockBalance.objects.get(lot=stale_lot).quantity == Decimal(30)


def test_a_lot_is_handed_out_on_its_expiry_day(field: Field, stale_lot: Lot) -> None:
    entitlement = ready(field.cycle)

    handed = _hand_over(entitlement, field.centre, D(2023, 6, 1))

    assert _drawn_from(handed) == ["LOT-STALE"]


def test_the_desk_refuses_when_only_expired_stock_is_left(field: Field, annex: Site) -> None:
    entitlement = ready(field.cycle)

    with pytest.raises(ShortAtSite) as refused:
        _hand_over(entitlement, annex, D(2023, 6, 2))

    assert str(refused.value) == (
        "Herat annex holds 0 kg of Wheat flour that has not expired by Jun 2, 2023 (30 kg more "
        "is past its expiry date and is not handed out); 10 kg were asked for."
    )
    assert not Distribution.objects.exists()
    assert StockBalance.objects.get(site=annex).quantity == Decimal(30)


def test_the_desk_page_refuses_expired_stock_with_why(
    field: Field, annex: Site, officer_afg: User
) -> None:
    ready(field.cycle)

    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/",
        {
            "reference": "HH-1",
            "commodity": field.flour.pk,
            "site": annex.pk,
            "quantity": "10",
            "distributed_on": "2023-06-02",
        },
    )

    assert answer.status_code == 422
    assert "past its expiry date" in answer.content.decode()
    assert not Distribution.objects.exists()


def test_an_uploaded_list_leaves_out_a_lot_expired_on_the_day(field: Field, stale_lot: Lot) -> None:
    ready(field.cycle)

    upload = services.distribution_list_upload(
        actor=None,
        cycle=field.cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=D(2023, 6, 2),
        content=b"reference,quantity\nHH-1,10\n",
        file_name="list.csv",
    )

    assert _drawn_from(upload.source.distributions.get()) == ["LOT-EARLY"]
    assert StockBalance.objects.get(lot=stale_lot).quantity == Decimal(30)


def test_an_uploaded_list_is_refused_when_only_expired_stock_is_left(
    field: Field, annex: Site, officer_afg: User
) -> None:
    ready(field.cycle)

    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/",
        {
            "commodity": field.flour.pk,
            "site": annex.pk,
            "distributed_on": "2023-06-02",
            "file": SimpleUploadedFile("list.csv", b"reference,quantity\nHH-1,10\n"),
        },
    )

    assert answer.status_code == 422
    assert "30 kg more is past its expiry date" in answer.content.decode()
    assert not Distribution.objects.exists()
    assert StockBalance.objects.get(site=annex).quantity == Decimal(30)

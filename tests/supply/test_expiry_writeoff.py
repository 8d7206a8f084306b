"""Expired stock is flagged where it lies and written off as a loss with cause "expired"
once another person approves; after that it is no longer on hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply import selectors, services
from sunbula.supply.models import ExpiryWriteOff, LossCause, Lot, StockBalance, StockMovement
from sunbula.supply.services import ApprovalError
from tests.conftest import World, client_for
from tests.supply.conftest import D, make_stock

pytestmark = pytest.mark.django_db


def _expired_flour(world: World, admin: User, kilograms: str) -> Lot:
    """Flour received in Kabul in May 2023 that expired in May 2024."""
    return services.lot_receive(
        actor=admin,
        site=world.kabul_warehouse,
        commodity=make_stock(world).flour,
        quantity=Decimal(kilograms),
        received_on=D(2023, 5, 1),
        reference="GRN-OLD",
        expires_on=D(2024, 5, 1),
    )


def test_expired_flour_is_flagged_and_written_off_by_another_person(
    world: World, admin: User, officer_afg: User
) -> None:
    expired = _expired_flour(world, admin, "19900")
    flagged = selectors.expired_balances(user=admin, today=D(2024, 6, 1))
    assert expired in [balance.lot for balance in flagged]
    writeoff = services.expiry_writeoff_request(
        actor=officer_afg, site=world.kabul_warehouse, lot=expired
    )
    assert writeoff.quantity == Decimal("19900")
    with pytest.raises(ApprovalError, match="Another person"):
        services.expiry_writeoff_approve(actor=officer_afg, writeoff=writeoff)
    services.expiry_writeoff_approve(actor=admin, writeoff=writeoff)
    writeoff.refresh_from_db()
    assert writeoff.status == ExpiryWriteOff.Status.APPROVED
    assert StockBalance.objects.get(site=world.kabul_warehouse, lot=expired).quantity == 0
    loss = StockMovement.objects.get(lot=expired, kind="loss")
    assert loss.loss_cause == LossCause.EXPIRED and loss.quantity == Decimal("-19900")
    flagged = selectors.expired_balances(user=admin, today=D(2024, 6, 1))
    assert expired not in [balance.lot for balance in flagged]
    with pytest.raises(ApprovalError):
        services.expiry_writeoff_approve(actor=admin, writeoff=writeoff)


def test_stock_not_yet_expired_cannot_be_written_off_as_expired(world: World, admin: User) -> None:
    stock = make_stock(world)
    with pytest.raises(Exception, match="not expired"):
        services.expiry_writeoff_request(
            actor=admin, site=world.kabul_warehouse, lot=stock.kabul_lot, on=D(2000, 1, 1)
        )


def test_the_list_offers_writing_off_and_approving_only_where_the_reader_may(
    world: World, admin: User, officer_afg: User, reader_acting_in_kazakhstan: User
) -> None:
    """Everyone reads stock everywhere; writing off and approving are offered row by row,
    where the reader may move stock and approve losses (here: in Kazakhstan, not Kabul)."""
    lot = _expired_flour(world, admin, "500")
    balance = StockBalance.objects.get(site=world.kabul_warehouse, lot=lot)
    write_off = f"/en/supply/balances/{balance.pk}/write-off/"
    before = client_for(officer_afg).get("/en/supply/write-offs/").content.decode()
    assert write_off in before
    services.expiry_writeoff_request(actor=officer_afg, site=world.kabul_warehouse, lot=lot)
    writeoff = ExpiryWriteOff.objects.get(lot=lot)
    approve = f"/en/supply/write-offs/{writeoff.pk}/approve/"
    reader = reader_acting_in_kazakhstan
    page = client_for(reader).get("/en/supply/write-offs/").content.decode()
    assert lot.reference in page
    assert approve not in page and write_off not in page
    assert client_for(reader).post(approve).status_code == 403
    assert approve in client_for(admin).get("/en/supply/write-offs/").content.decode()

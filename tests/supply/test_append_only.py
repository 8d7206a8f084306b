"""The database itself refuses to rewrite the stock ledger: raw UPDATE and DELETE fail."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sunbula.supply.models import StockMovement
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


def _refused(sql: str, pk: int) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():  # noqa: SIM117
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])


def test_update_of_a_movement_is_refused(stock: Stock) -> None:
    movement = StockMovement.objects.filter(lot=stock.kabul_lot).get()
    _refused("UPDATE supply_stockmovement SET quantity = 1 WHERE id = %s", movement.pk)
    movement.refresh_from_db()
    assert movement.quantity == 1000


def test_delete_of_a_movement_is_refused(stock: Stock) -> None:
    movement = StockMovement.objects.filter(lot=stock.kabul_lot).get()
    _refused("DELETE FROM supply_stockmovement WHERE id = %s", movement.pk)
    assert StockMovement.objects.filter(pk=movement.pk).exists()


def test_the_orm_is_refused_too(stock: Stock) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        StockMovement.objects.filter(lot=stock.kabul_lot).update(reference="edited")

"""A distribution list uploaded as CSV or XLSX is recorded whole; a bad line is named and
nothing is written; a file of another kind is refused with a 4xx-style message."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, Entitlement
from tests.conftest import Field, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _upload(field: Field, content: bytes, name: str) -> list[Distribution]:
    return services.distribution_list_upload(
        actor=None,
        cycle=field.cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=D(2023, 6, 2),
        stream=io.BytesIO(content),
        file_name=name,
        size=len(content),
    )


def test_a_csv_list_is_recorded(field: Field) -> None:
    entitlement = ready(field.cycle)
    made = _upload(field, b'Reference,Quantity\nHH-1,"20,5"\n\n', "list.csv")
    assert [distribution.quantity for distribution in made] == [Decimal("20.5")]
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.PARTLY


def test_an_xlsx_list_is_recorded(field: Field) -> None:
    ready(field.cycle)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["reference", "quantity"])
    sheet.append(["HH-1", 50])
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(_upload(field, buffer.getvalue(), "list.xlsx")) == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"reference,quantity\nHH-1,lots\n", "list.csv", "Line 2"),
        (b"reference,quantity\nHH-1,60\n", "list.csv", "Line 2"),
        (b"name,amount\nHH-1,5\n", "list.csv", "reference"),
        (b"anything", "list.pdf", ".csv"),
    ],
)
def test_bad_lists_are_refused_whole(field: Field, content: bytes, name: str, message: str) -> None:
    ready(field.cycle)
    with pytest.raises(ValidationError, match=message):
        _upload(field, content, name)
    assert not Distribution.objects.exists()

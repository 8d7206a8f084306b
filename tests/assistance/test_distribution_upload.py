"""A distribution list uploaded as CSV or XLSX is recorded whole; a bad line is named and
nothing is written; a file of another kind is refused with a 4xx-style message."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, DistributionList, Entitlement
from sunbula.core.errors import DomainError
from tests.conftest import Field, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _upload(field: Field, content: bytes, name: str) -> list[Distribution]:
    upload = services.distribution_list_upload(
        actor=None,
        cycle=field.cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=D(2023, 6, 2),
        content=content,
        file_name=name,
    )
    return list(upload.source.distributions.order_by("pk"))


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
    with pytest.raises(DomainError) as refused:
        _upload(field, content, name)
    assert message in str(refused.value) + " ".join(
        str(problem) for problem in getattr(refused.value, "problems", [])
    )
    assert not Distribution.objects.exists()
    assert not DistributionList.objects.exists()


def test_the_same_list_again_changes_nothing(field: Field) -> None:
    ready(field.cycle)
    _upload(field, b"reference,quantity\nHH-1,20\n", "list.csv")
    _upload(field, b"reference,quantity\nHH-1,20\n", "list.csv")
    assert Distribution.objects.count() == 1

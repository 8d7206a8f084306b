"""A distribution list whose quantity no hand-over could hold (1e400, 1e30, more digits than
any store counts) or finer than a gram is refused naming the line, as any bad line is (422),
and nothing is written; never an error of the server."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, DistributionList, Entitlement
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date
IMPLAUSIBLE = "Line 2: A quantity above 1,000,000,000 kg is not plausible; check the figure."
TOO_FINE = "Line 2: Give at most three decimals."


@pytest.mark.parametrize(
    ("quantity", "refusal"),
    [
        ("1e400", IMPLAUSIBLE),
        ("1e999999999", IMPLAUSIBLE),
        ("1e30", IMPLAUSIBLE),
        ("1e20", IMPLAUSIBLE),
        ("99999999999999999999999999999", IMPLAUSIBLE),
        ("1000000001", IMPLAUSIBLE),
        ("1e-400", TOO_FINE),
        ("0.0001", TOO_FINE),
    ],
)
def test_an_uploaded_list_is_refused_naming_the_line(
    field: Field, officer_afg: User, quantity: str, refusal: str
) -> None:
    entitlement = ready(field.cycle)

    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/",
        {
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-06-02",
            "file": SimpleUploadedFile(
                "list.csv", f"reference,quantity\nHH-1,{quantity}\n".encode()
            ),
        },
    )

    assert answer.status_code == 422
    assert refusal in answer.content.decode()
    assert not Distribution.objects.exists()
    assert not DistributionList.objects.exists()
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.APPROVED


def test_a_list_sent_as_rows_is_refused_alike(field: Field) -> None:
    ready(field.cycle)

    with pytest.raises(ValidationError) as refused:
        services.distribution_batch_record(
            actor=None,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            rows=[services.BatchRow("HH-1", Decimal("1e400"), 2)],
        )

    assert refused.value.message_dict["rows"][0].startswith(IMPLAUSIBLE)
    assert not Distribution.objects.exists()

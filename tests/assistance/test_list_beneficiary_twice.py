"""A beneficiary is one line of a list, whichever way the list comes: the API's batch and
the uploaded file are refused alike, naming both lines, and nothing is recorded."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_api_batch_refuses_a_beneficiary_listed_twice(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    answer = client_for(officer_afg).post(
        "/api/v1/assistance/distributions/bulk/",
        {
            "cycle": field.cycle.pk,
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-06-02",
            "rows": [
                {"reference": "HH-1", "quantity": "1"},
                {"reference": "HH-1", "quantity": "1"},
            ],
        },
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert answer.json()["rows"] == ["Line 2: HH-1 is on the list twice (line 1)."]
    assert not Distribution.objects.exists()
    assert Entitlement.objects.get().distributed == 0


def test_the_batch_service_refuses_a_beneficiary_listed_twice(field: Field) -> None:
    ready(field.cycle)
    with pytest.raises(ValidationError) as refused:
        services.distribution_batch_record(
            actor=None,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            rows=[
                services.BatchRow("HH-1", Decimal(1), 2),
                services.BatchRow("HH-1", Decimal(1), 5),
            ],
        )
    assert refused.value.message_dict["rows"] == ["Line 5: HH-1 is on the list twice (line 2)."]
    assert not Distribution.objects.exists()


def test_the_file_is_refused_with_the_same_words(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/",
        {
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-06-02",
            "file": SimpleUploadedFile("list.csv", b"reference,quantity\nHH-1,1\nHH-1,1\n"),
        },
    )

    assert answer.status_code == 422
    assert "Line 3: HH-1 is on the list twice (line 2)." in answer.content.decode()
    assert not Distribution.objects.exists()

"""A distribution list is the same list when the same file is sent for the same cycle, site,
commodity and day: sent again (a second click), nothing is recorded and the page says when it
was, never that it recorded the lines. The same file for another day is another list and is
recorded. A file of its header alone says only that the list is empty."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, DistributionList, Entitlement
from sunbula.core.models import AuditEntry, User
from sunbula.supply.models import StockMovement
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = b"reference,quantity\nHH-1,10\n"


def _upload_page(field: Field) -> str:
    return f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/"


def _send(client: Client, field: Field, day: str, content: bytes = LIST) -> tuple[int, str]:
    answer = client.post(
        _upload_page(field),
        {
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": day,
            "file": SimpleUploadedFile("list.csv", content),
        },
        follow=True,
    )
    return answer.status_code, answer.content.decode()


def test_the_same_file_for_another_day_is_recorded(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)

    first = _send(client, field, "2023-06-02")
    second = _send(client, field, "2023-06-03")

    assert "1 distributions are recorded from the list." in first[1]
    assert "1 distributions are recorded from the list." in second[1]
    assert sorted(Distribution.objects.values_list("distributed_on", flat=True)) == [
        D(2023, 6, 2),
        D(2023, 6, 3),
    ]
    assert DistributionList.objects.count() == 2
    entitlement.refresh_from_db()
    assert entitlement.distributed == Decimal(20)


def test_the_same_list_sent_again_records_nothing_and_says_so(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    _send(client, field, "2023-06-02")
    recorded = DistributionList.objects.get()
    movements, entries = StockMovement.objects.count(), AuditEntry.objects.count()

    status, page = _send(client, field, "2023-06-02")

    assert status == 200
    assert "recorded from the list" not in page
    assert "This list was already recorded on" in page
    assert "Nothing was recorded again." in page
    assert f'href="/en/assistance/cycles/{field.cycle.pk}/distributions/"' in page
    assert list(DistributionList.objects.all()) == [recorded]
    assert Distribution.objects.count() == 1
    assert StockMovement.objects.count() == movements
    assert AuditEntry.objects.count() == entries
    entitlement.refresh_from_db()
    assert entitlement.distributed == Decimal(10)


def test_the_service_tells_a_list_sent_again_from_one_recorded_now(field: Field) -> None:
    ready(field.cycle)

    def upload(day: datetime.date) -> services.ListUpload:
        return services.distribution_list_upload(
            actor=None,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=day,
            content=LIST,
            file_name="list.csv",
        )

    first = upload(D(2023, 6, 2))
    again = upload(D(2023, 6, 2))
    later = upload(D(2023, 6, 3))

    assert first.created and later.created and not again.created
    assert again.source == first.source != later.source
    assert Distribution.objects.filter(source_list=first.source).count() == 1


def test_a_list_of_its_header_alone_is_only_empty(field: Field, officer_afg: User) -> None:
    ready(field.cycle)

    status, page = _send(client_for(officer_afg), field, "2023-06-02", b"reference,quantity\n")

    assert status == 422
    assert "The list is empty." in page
    assert "wrong" not in page
    assert not DistributionList.objects.exists()
    assert Entitlement.objects.get().distributed == 0

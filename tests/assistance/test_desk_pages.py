"""The planning and desk pages: a cycle is planned, previewed (htmx), frozen, entitled,
approved by another person, downloaded with names masked, and served at the desk, by a
list upload and corrected by reversal; refusals are messages, never 500s."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.assistance.models import Cycle, Distribution, Entitlement
from sunbula.core.models import User
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_cycle_is_planned_through_the_pages(
    field: Field, world: World, officer_afg: User, admin: User
) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/assistance/cycles/new/").status_code == 200
    invalid = client.post("/en/assistance/cycles/new/?validate=1", {"name": "x"})
    assert invalid.status_code == 200 and not Cycle.objects.filter(name="x").exists()
    created = client.post(
        "/en/assistance/cycles/new/",
        {
            "project": field.projects.flour.pk,
            "country": world.afghanistan.pk,
            "name": "Herat, July",
            "period_start": "2023-07-01",
            "period_end": "2023-07-31",
            "ration_kind": "person_day",
        },
    )
    assert created.status_code == 302, created.content
    cycle = Cycle.objects.get(name="Herat, July")
    base = f"/en/assistance/cycles/{cycle.pk}"
    client.post(f"{base}/ration/", {"commodity": field.flour.pk, "quantity": "0.4"})
    page = client.get(f"{base}/").content.decode()
    assert "<bdi>1,456</bdi> kcal per person per day" in page  # 0.4 kg × 3,640 kcal per kg
    preview = client.get(f"{base}/preview/?field=admin_area&value=AF32").content.decode()
    assert "With this rule: <bdi>1</bdi> record" in preview
    client.post(f"{base}/rules/", {"field": "admin_area", "value": "AF32"})
    client.post(f"{base}/steps/freeze/")
    client.post(f"{base}/steps/generate/")
    refused = client.post(f"{base}/steps/approve/")
    assert refused.status_code == 403
    assert "another person" in refused.content.decode()
    assert not Entitlement.objects.filter(cycle=cycle, status="approved").exists()
    client_for(admin).post(f"{base}/steps/approve/")
    assert Entitlement.objects.filter(cycle=cycle, status="approved").count() == 1
    download = client.get(f"{base}/entitlements/?format=csv")
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode()  # type: ignore[union-attr]
    assert "HH-1" in text and "Fatima" not in text


def test_the_desk_records_reverses_and_refuses(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/distributions/"
    assert client.get(url).status_code == 200
    values = {
        "reference": "HH-1",
        "commodity": field.flour.pk,
        "site": field.centre.pk,
        "quantity": "50",
        "distributed_on": "2023-06-02",
    }
    assert client.post(url, values).status_code == 302
    again = client.post(url, values)
    assert again.status_code == 422 and "already served" in again.content.decode()
    handed = Distribution.objects.get()
    client.post(f"/en/assistance/distributions/{handed.pk}/reverse/", {"reason": "Wrong day"})
    entitlement.refresh_from_db()
    assert entitlement.distributed == 0
    assert "Reverses" in client.get(url).content.decode()
    unknown = client.post(url, {**values, "reference": "HH-404"})
    assert unknown.status_code == 422 and "HH-404" in unknown.content.decode()


def test_a_list_is_uploaded_at_the_desk(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/"
    values = {"commodity": field.flour.pk, "site": field.centre.pk, "distributed_on": "2023-06-02"}
    bad = client.post(
        url, {**values, "file": SimpleUploadedFile("l.csv", b"reference,quantity\nHH-9,3\n")}
    )
    assert bad.status_code == 422 and "HH-9" in bad.content.decode()
    good = client.post(
        url, {**values, "file": SimpleUploadedFile("l.csv", b"reference,quantity\nHH-1,30\n")}
    )
    assert good.status_code == 302
    assert Distribution.objects.get().quantity == 30


def test_outsiders_and_other_countries_see_nothing(field: Field, officer_kaz: User) -> None:
    client = client_for(officer_kaz)
    assert client.get(f"/en/assistance/cycles/{field.cycle.pk}/distributions/").status_code == 404
    assert client.post(f"/en/assistance/cycles/{field.cycle.pk}/steps/freeze/").status_code == 404

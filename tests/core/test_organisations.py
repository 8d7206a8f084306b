"""Organisation pages and API: lists with search and filters, details, writes via services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core import services
from sunbula.core.models import AuditEntry, Organisation, User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_search_finds_an_organisation_by_its_arabic_name(officer_afg: User, world: World) -> None:
    html = client_for(officer_afg).get("/ar/organisations/?q=الغذائي").content.decode()
    assert "المنظمة الإسلامية للأمن الغذائي" in html
    assert "Kazakhstan" not in html


def test_filter_by_kind_and_country(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    html = client.get("/en/organisations/?kind=government").content.decode()
    assert "Government of the Republic of Kazakhstan" in html
    assert "Islamic Organization for Food Security" not in html
    data = client.get("/api/v1/organisations/?country=KAZ").json()
    assert [row["name"] for row in data["results"]] == ["Government of the Republic of Kazakhstan"]


def test_list_is_paginated_in_a_fixed_number_of_queries(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    client.get("/en/organisations/")  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get("/en/organisations/")
    for number in range(40):
        services.organisation_create(
            actor=None,
            name=f"Cooperative {number:02}",
            kind="ngo",
            iati_type="22",
            country=world.afghanistan,
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/en/organisations/").content.decode()
    assert len(many) == len(few)
    assert "Page 1 of 2" in html
    assert "Cooperative 30" in client.get("/en/organisations/?page=2").content.decode()


def test_detail_page_shows_identifiers(officer_afg: User, world: World) -> None:
    services.organisation_update(
        actor=None, organisation=world.iofs, iati_identifier="XM-OCHA-IOFS"
    )
    html = client_for(officer_afg).get(f"/en/organisations/{world.iofs.pk}/").content.decode()
    assert "XM-OCHA-IOFS" in html
    assert "Multilateral" in html


def test_create_by_page_with_translations(officer_afg: User, world: World) -> None:
    response = client_for(officer_afg).post(
        "/en/organisations/new/",
        {
            "name": "World Food Programme",
            "acronym": "WFP",
            "kind": "un_agency",
            "iati_type": "40",
            "iati_identifier": "XM-DAC-41140",
            "name_ar": "برنامج الأغذية العالمي",
            "name_fr": "",
            "name_ru": "",
        },
    )
    assert response.status_code == 302
    wfp = Organisation.objects.get(acronym="WFP")
    assert wfp.name_translations == {"ar": "برنامج الأغذية العالمي"}
    entry = AuditEntry.objects.get(action="core.organisation.created", object_id=str(wfp.pk))
    assert entry.actor == officer_afg


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(
    officer_afg: User, world: World
) -> None:
    services.organisation_create(
        actor=None, name="WFP", kind="un_agency", iati_type="40", iati_identifier="XM-DAC-41140"
    )
    count = Organisation.objects.count()
    response = client_for(officer_afg).post(
        "/en/organisations/new/",
        {
            "name": "Copy",
            "kind": "un_agency",
            "iati_type": "99",
            "iati_identifier": "XM-DAC-41140",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Select a valid choice" in html  # iati_type 99 is not in the codelist
    assert Organisation.objects.count() == count


def test_duplicate_iati_identifier_is_a_422_naming_the_field(
    officer_afg: User, world: World
) -> None:
    services.organisation_create(
        actor=None, name="WFP", kind="un_agency", iati_type="40", iati_identifier="XM-DAC-41140"
    )
    response = client_for(officer_afg).post(
        "/en/organisations/new/",
        {
            "name": "Copy",
            "kind": "un_agency",
            "iati_type": "40",
            "iati_identifier": "XM-DAC-41140",
        },
    )
    assert response.status_code == 422
    assert "IATI organisation identifier" in response.content.decode()


def test_api_create_and_bad_input(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/organisations/",
        {
            "name": "International Organization for Migration",
            "kind": "un_agency",
            "iati_type": "40",
            "iati_identifier": "XM-DAC-47066",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["iati_identifier"] == "XM-DAC-47066"
    duplicate = client.post(
        "/api/v1/organisations/",
        {
            "name": "IOM again",
            "kind": "un_agency",
            "iati_type": "40",
            "iati_identifier": "XM-DAC-47066",
        },
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert "iati_identifier" in duplicate.json()
    wrong = client.post(
        "/api/v1/organisations/", {"name": "X", "kind": "club"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert set(wrong.json()) >= {"kind", "iati_type"}


def test_donor_viewer_reads_but_cannot_write(donor_viewer: User, world: World) -> None:
    client = client_for(donor_viewer)
    assert client.get("/en/organisations/").status_code == 200
    assert client.get("/en/organisations/new/").status_code == 403
    response = client.post(
        "/api/v1/organisations/",
        {"name": "X", "kind": "ngo", "iati_type": "22"},
        content_type="application/json",
    )
    assert response.status_code == 403

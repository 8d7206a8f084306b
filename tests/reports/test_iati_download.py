"""The IATI file downloaded from the exports page and the API: valid against the 2.03 XSD
whatever the reader selects, or not found."""

from __future__ import annotations

import pytest
from lxml import etree

from sunbula.core.models import User
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


def test_a_project_without_participants_is_reported_by_its_accountable_organisation(
    admin: User, projects: Projects, schema: etree.XMLSchema
) -> None:
    answer = client_for(admin).get("/en/reports/iati-activities.xml")
    assert answer.status_code == 200
    document = etree.fromstring(answer.content)
    assert schema.validate(document.getroottree()), schema.error_log
    transit = document.xpath("iati-activity[iati-identifier='XI-IATI-IOFS-KAZ-TRANSIT']")[0]
    participant = transit.find("participating-org")
    assert participant.get("role") == "2"
    assert participant.get("ref") == "XI-IATI-IOFS"
    assert participant.findtext("narrative") == "Islamic Organization for Food Security"


@pytest.mark.parametrize(
    "address",
    ["/en/reports/iati-activities.xml?project=", "/api/v1/exports/iati/?project="],
)
@pytest.mark.parametrize("code", ["NOPE", "KAZ-TRANSIT"])
def test_a_project_the_reader_does_not_see_is_not_found_rather_than_an_empty_file(
    officer_afg: User, projects: Projects, address: str, code: str
) -> None:
    client = client_for(officer_afg)
    assert client.get(address + code).status_code == 404
    assert client.get(address + "FFH-2023").status_code == 200


def test_a_reader_with_no_project_gets_no_file(officer_kaz: User, world: object) -> None:
    assert client_for(officer_kaz).get("/en/reports/iati-activities.xml").status_code == 404


@pytest.mark.parametrize("address", ["/en/reports/iati-activities.xml", "/api/v1/exports/iati/"])
def test_a_reader_with_no_project_is_told_why_there_is_no_file(
    officer_kaz: User, world: object, address: str
) -> None:
    answer = client_for(officer_kaz).get(address)
    assert answer.status_code == 404
    why = "There is no project in your scope to publish yet"
    if address.startswith("/api/"):
        assert answer.json()["detail"].startswith(why)
    else:
        assert why in answer.content.decode()

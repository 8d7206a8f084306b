"""A household's and a person's vulnerabilities are chosen on the pages that register and
change them, by their names in the reader's language, saved through the services and read
back on the record's page as the API gives them (they are not personal data: no one sees
them masked)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from sunbula.core.models import AuditEntry, User
from sunbula.registry import services
from sunbula.registry.models import Household, Person, Vulnerability
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _boxes(html: str) -> dict[str, bool]:
    """The vulnerability boxes of a form: each one's code, and whether it is checked."""
    boxes = re.findall(r'<input type="checkbox" name="vulnerabilities" value="(\w+)"([^>]*)>', html)
    return {code: " checked" in rest for code, rest in boxes}


@pytest.fixture
def household(world: World) -> Household:
    return services.household_create(
        actor=None, country=world.afghanistan, reference="HH-HRT-9", admin_area=world.hirat
    )


def test_every_registration_and_edit_page_offers_every_vulnerability_by_name(
    world: World, officer_afg: User, household: Household
) -> None:
    person = services.person_register(
        actor=None, country=world.afghanistan, given_name="Farida", household=household
    )
    client = client_for(officer_afg)
    with translation.override("ar"):
        disability = translation.gettext("Disability")
    for page in (
        "households/new/",
        f"households/{household.pk}/edit/",
        "people/new/",
        f"people/{person.pk}/edit/",
    ):
        html = client.get(f"/ar/registry/{page}").content.decode()
        assert set(_boxes(html)) == set(Vulnerability.values), page
        assert disability in html and disability != "Disability", page


def test_a_person_is_registered_with_their_vulnerabilities(
    world: World, officer_afg: User, household: Household
) -> None:
    client = client_for(officer_afg)
    registered = client.post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "displacement_status": "idp",
            "household": household.pk,
            "relation_to_head": "head",
            "vulnerabilities": ["disability", "pregnant_lactating"],
        },
    )

    assert registered.status_code == 302
    person = Person.objects.get()
    assert person.vulnerabilities == ["disability", "pregnant_lactating"]
    entry = AuditEntry.objects.get(action="registry.person.registered", object_id=str(person.pk))
    assert entry.after["vulnerabilities"] == ["disability", "pregnant_lactating"]
    page = client.get(f"/en/registry/people/{person.pk}/").content.decode()
    assert "Disability" in page and "Pregnant or lactating" in page


def test_an_unknown_vulnerability_is_refused_on_its_field_and_nothing_is_written(
    world: World, officer_afg: User
) -> None:
    refused = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "displacement_status": "resident",
            "vulnerabilities": ["poor"],
        },
    )

    assert refused.status_code == 422
    assert "vulnerabilities" in refused.context["form"].errors
    assert not Person.objects.exists()


def test_a_persons_vulnerabilities_are_changed_and_shown_checked_on_the_edit_page(
    world: World, officer_afg: User, household: Household
) -> None:
    person = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Farida",
        household=household,
        vulnerabilities=["disability"],
    )
    client = client_for(officer_afg)
    url = f"/en/registry/people/{person.pk}/edit/"
    form = client.get(url).content.decode()
    assert [code for code, checked in _boxes(form).items() if checked] == ["disability"]

    changed = client.post(
        url,
        {
            "displacement_status": "resident",
            "household": household.pk,
            "relation_to_head": "head",
            "vulnerabilities": ["older_person", "chronic_illness"],
        },
    )

    assert changed.status_code == 302
    person.refresh_from_db()
    assert person.vulnerabilities == ["older_person", "chronic_illness"]
    cleared = client.post(url, {"displacement_status": "resident", "household": household.pk})
    assert cleared.status_code == 302
    person.refresh_from_db()
    assert person.vulnerabilities == []


def test_the_page_and_the_api_give_the_same_vulnerabilities_to_every_reader(
    world: World, officer_afg: User, protection_officer: User, household: Household
) -> None:
    services.household_update(
        actor=None, household=household, vulnerabilities=["female_headed", "child_headed"]
    )
    person = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Farida",
        household=household,
        vulnerabilities=["chronic_illness"],
    )
    for reader in (officer_afg, protection_officer):
        client = client_for(reader)
        card = client.get(f"/api/v1/registry/people/{person.pk}/").json()
        assert card["vulnerabilities"] == ["chronic_illness"]
        page = client.get(f"/en/registry/people/{person.pk}/").content.decode()
        assert "<dd>Chronic illness</dd>" in page
        listed = client.get(f"/api/v1/registry/households/{household.pk}/").json()
        assert listed["vulnerabilities"] == ["female_headed", "child_headed"]
        page = client.get(f"/en/registry/households/{household.pk}/").content.decode()
        assert "Female-headed household" in page and "Child-headed household" in page

"""A cycle's beneficiary list and its entitlements link each beneficiary to its record in the
registry (the household, the person or farmer, the institution) for a reader who may open
it: a logistics officer, who reads institutions but not households, gets the institution's
link and the household's name alone."""

from __future__ import annotations

import pytest

from sunbula.assistance import services
from sunbula.core.models import Role, User
from tests.conftest import Field, World, client_for, make_persona, ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def logistics_officer(world: World) -> User:
    return make_persona(
        "logistics.afg@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )


def _pages(client: object, field: Field) -> list[str]:
    cycle = field.cycle.pk
    return [
        client.get(f"/en/assistance/cycles/{cycle}/").content.decode(),  # type: ignore[attr-defined]
        client.get(f"/en/assistance/cycles/{cycle}/entitlements/").content.decode(),  # type: ignore[attr-defined]
    ]


def test_each_beneficiary_links_to_its_registry_record(field: Field, officer_afg: User) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)

    for page in _pages(client_for(officer_afg), field):
        household = f'<a href="/en/registry/households/{field.household.pk}/">HH-1</a>'
        institution = (
            f'<a href="/en/registry/institutions/{field.institution.pk}/">'
            "Herat drug-treatment centre</a>"
        )
        assert household in page and institution in page


def test_a_person_listed_by_hand_links_to_their_record(field: Field, officer_afg: User) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, person=field.mother)

    page = client_for(officer_afg).get(f"/en/assistance/cycles/{field.cycle.pk}/")

    assert f'<a href="/en/registry/people/{field.mother.pk}/">P-MOTHER</a>' in page.content.decode()


def test_a_reader_without_the_registry_gets_the_names_alone(
    field: Field, logistics_officer: User
) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)

    for page in _pages(client_for(logistics_officer), field):
        assert f"/registry/households/{field.household.pk}/" not in page
        assert f"/registry/institutions/{field.institution.pk}/" in page

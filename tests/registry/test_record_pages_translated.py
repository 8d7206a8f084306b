"""The new registry and asset pages in Arabic, French and Russian, within the page budget."""

from __future__ import annotations

import gzip

import pytest

from sunbula.core.models import User
from sunbula.programmes import services as programme_services
from sunbula.registry import services
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Register an asset",
    "Add an institution",
    "Record a household",
    "Consent to registration",
    "Record consent",
    "Maintenance visits",
    "People served",
)


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_new_pages_are_translated_and_small(
    world: World, projects: Projects, officer_afg: User, language: str
) -> None:
    institution = services.institution_create(
        actor=None, name="Centre", kind="treatment_centre", site=world.kabul_warehouse
    )
    household = services.household_create(actor=None, country=world.afghanistan, reference="H-1")
    person = services.person_register(actor=None, country=world.afghanistan, given_name="Ali")
    asset = programme_services.asset_register(
        actor=None,
        kind="solar_water",
        name="Pump",
        project=projects.flour,
        site=world.kabul_warehouse,
    )
    client = client_for(officer_afg)
    for path in (
        "/programmes/assets/",
        "/programmes/assets/new/",
        f"/programmes/assets/{asset.pk}/",
        f"/programmes/assets/{asset.pk}/visits/",
        "/registry/institutions/",
        "/registry/institutions/new/",
        f"/registry/institutions/{institution.pk}/edit/",
        "/registry/households/",
        "/registry/households/new/",
        f"/registry/households/{household.pk}/edit/",
        "/registry/people/new/",
        f"/registry/people/{person.pk}/",
        f"/registry/people/{person.pk}/edit/",
        f"/registry/people/{person.pk}/consents/",
        f"/registry/people/{person.pk}/farm/",
    ):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'lang="{language}"' in html, path
        for english in ENGLISH:
            assert english not in html, (path, english)
        assert len(gzip.compress(response.content)) <= 14 * 1024, path
        assert "https://" not in html, path

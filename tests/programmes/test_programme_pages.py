"""Programme officers at headquarters create and edit programmes and record decisions."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import GoverningBodyDecision, Programme
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db


def _programme(world: World, **changes: str) -> dict[str, object]:
    return {
        "code": "FSG",
        "name": "Food Security Governance",
        "name_ar": "حوكمة الأمن الغذائي",
        "name_fr": "",
        "name_ru": "Управление продовольственной безопасностью",
        "description": "Workshops and regional trainings.",
        "description_fr": "Ateliers et formations régionales.",
        "reporting_organisation": world.iofs.pk,
        "iati_reporting_ref": "XI-IATI-IOFS",
        **changes,
    }


def test_an_hq_officer_creates_a_programme(world: World, officer_hq: User) -> None:
    client = client_for(officer_hq)
    assert client.get("/en/programmes/new/").status_code == 200
    response = client.post("/en/programmes/new/", _programme(world))
    programme = Programme.objects.get(code="FSG")
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert programme.name_translations == {
        "ar": "حوكمة الأمن الغذائي",
        "ru": "Управление продовольственной безопасностью",
    }
    assert programme.description_translations == {"fr": "Ateliers et formations régionales."}
    assert AuditEntry.objects.filter(action="programmes.programme.created").count() == 1


def test_a_bad_code_is_refused_naming_the_field(world: World, officer_hq: User) -> None:
    response = client_for(officer_hq).post(
        "/en/programmes/new/", _programme(world, code="FSG/2021")
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"code"}
    assert not Programme.objects.filter(name="Food Security Governance").exists()


def test_a_country_officer_may_not_create_programmes(
    world: World, officer_afg: User, outsider: User
) -> None:
    assert client_for(officer_afg).get("/en/programmes/new/").status_code == 403
    assert client_for(officer_afg).post("/en/programmes/new/", _programme(world)).status_code == 403
    assert client_for(outsider).get("/en/programmes/new/").status_code == 403
    assert not Programme.objects.exists()


def test_an_hq_officer_edits_a_programme(
    projects: Projects, world: World, officer_hq: User, officer_afg: User
) -> None:
    programme = projects.flour.programme
    url = f"/en/programmes/{programme.pk}/edit/"
    assert client_for(officer_afg).get(url).status_code == 403
    client = client_for(officer_hq)
    page = client.get(url).content.decode()
    assert "برنامج الأمن الغذائي في أفغانستان" in page  # the Arabic name is in its box
    response = client.post(
        url,
        _programme(world, code="AFSP", name="Afghanistan Food Security Programme (AFSP)"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Afghanistan Food Security Programme (AFSP)"
    assert AuditEntry.objects.filter(action="programmes.programme.updated").count() == 1


def test_decisions_are_recorded_on_the_programme_page(
    projects: Projects, officer_hq: User, officer_afg: User
) -> None:
    programme = projects.flour.programme
    url = f"/en/programmes/{programme.pk}/decisions/"
    decision = {
        "body": "Third General Assembly",
        "body_ar": "الجمعية العامة الثالثة",
        "kind": "endorsement",
        "place": "Ankara",
        "held_from": "2020-12-02",
        "held_until": "2020-12-03",
    }
    assert (
        "Record a decision"
        not in client_for(officer_afg).get(programme.get_absolute_url()).content.decode()
    )
    assert client_for(officer_afg).post(url, decision).status_code == 403
    client = client_for(officer_hq)
    assert "Record a decision" in client.get(programme.get_absolute_url()).content.decode()
    assert client.post(url, decision).status_code == 302
    recorded = GoverningBodyDecision.objects.get(programme=programme)
    assert recorded.place == "Ankara"
    assert recorded.body_translations == {"ar": "الجمعية العامة الثالثة"}


def test_a_decision_ending_before_it_starts_is_refused(
    projects: Projects, officer_hq: User
) -> None:
    programme = projects.flour.programme
    response = client_for(officer_hq).post(
        f"/en/programmes/{programme.pk}/decisions/",
        {
            "body": "Fourth General Assembly",
            "kind": "endorsement",
            "place": "Nur-Sultan",
            "held_from": "2021-09-09",
            "held_until": "2021-09-08",
        },
    )
    assert response.status_code == 422
    assert (
        "held_until" in response.context["form"].errors
        or response.context["form"].non_field_errors()
    )
    assert not GoverningBodyDecision.objects.exists()


def test_a_programme_page_offers_to_add_a_project_to_it(
    projects: Projects, officer_afg: User, donor_viewer: User
) -> None:
    programme = projects.flour.programme
    page = client_for(officer_afg).get(programme.get_absolute_url()).content.decode()
    adding = f"/en/programmes/projects/new/?programme={programme.pk}"
    assert adding in page
    form = client_for(officer_afg).get(adding).context["form"]
    assert form["programme"].value() == programme.pk
    # Whoever may not add projects is not offered to.
    viewed = client_for(donor_viewer).get(programme.get_absolute_url())
    assert viewed.status_code == 200 and adding not in viewed.content.decode()


def test_a_missing_programme_to_add_a_project_to_is_not_found(
    projects: Projects, officer_afg: User
) -> None:
    assert (
        client_for(officer_afg).get("/en/programmes/projects/new/?programme=999999").status_code
        == 404
    )

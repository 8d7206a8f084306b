"""Programme officers create and edit projects in their own countries only."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import Project
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db


def _project(projects: Projects, world: World, **changes: object) -> dict[str, object]:
    return {
        "code": "HRT-WHEAT-2024",
        "title": "Wheat cultivation and farmer training in Herat",
        "title_ar": "زراعة القمح وتدريب المزارعين في هرات",
        "title_ru": "Выращивание пшеницы и обучение фермеров в Герате",
        "description": "Seeds, fertiliser, tools and training for farmers.",
        "description_fr": "Semences, engrais, outils et formation des agriculteurs.",
        "programme": projects.flour.programme_id,
        "status": "2",
        "recipient_country": world.afghanistan.pk,
        "planned_start": "2024-03-01",
        "planned_end": "2024-11-30",
        "actual_start": "2024-03-10",
        "actual_end": "",
        "currency": projects.flour.currency_id,
        "humanitarian": "on",
        "humanitarian_scope_type": "2",
        "humanitarian_scope_code": "HAFG24",
        **changes,
    }


def test_an_officer_creates_a_project_in_her_country(
    projects: Projects, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    form = client.get("/en/programmes/projects/new/").context["form"]
    assert list(form.fields["recipient_country"].queryset) == [world.afghanistan]
    response = client.post("/en/programmes/projects/new/", _project(projects, world))
    project = Project.objects.get(code="HRT-WHEAT-2024")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.recipient_country == world.afghanistan
    assert project.humanitarian and project.humanitarian_scope_code == "HAFG24"
    assert project.title_translations["ru"].startswith("Выращивание")
    assert project.description_translations == {
        "fr": "Semences, engrais, outils et formation des agriculteurs."
    }
    assert (
        AuditEntry.objects.filter(action="programmes.project.created", actor=officer_afg).count()
        == 1
    )


def test_an_officer_cannot_choose_another_country(
    projects: Projects, world: World, officer_afg: User
) -> None:
    response = client_for(officer_afg).post(
        "/en/programmes/projects/new/",
        _project(projects, world, recipient_country=world.kazakhstan.pk),
    )
    assert response.status_code == 422
    assert "recipient_country" in response.context["form"].errors
    assert not Project.objects.filter(code="HRT-WHEAT-2024").exists()


def test_a_country_officer_cannot_make_a_regional_project(
    projects: Projects, world: World, officer_afg: User
) -> None:
    response = client_for(officer_afg).post(
        "/en/programmes/projects/new/",
        _project(projects, world, recipient_country="", recipient_region="998"),
    )
    assert response.status_code == 422
    assert "recipient_country" in response.context["form"].errors
    assert not Project.objects.filter(code="HRT-WHEAT-2024").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"planned_end": "2023-01-01"}, "planned_end"),
        ({"humanitarian": ""}, "humanitarian"),
        ({"humanitarian_scope_code": ""}, "humanitarian_scope_code"),
        ({"code": "HRT/WHEAT"}, "code"),
        ({"code": "FFH-2023"}, "code"),
        ({"status": "9"}, "status"),
        ({"actual_start": "", "actual_end": "2024-05-01"}, "actual_start"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    projects: Projects, world: World, officer_afg: User, changes: dict[str, str], field: str
) -> None:
    before = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        "/en/programmes/projects/new/", _project(projects, world, **changes)
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Project.objects.filter(title__startswith="Wheat cultivation").exists()
    assert AuditEntry.objects.count() == before


def test_an_officer_edits_her_project_and_not_another_country(
    projects: Projects, world: World, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    url = f"/en/programmes/projects/{projects.flour.pk}/edit/"
    assert client_for(officer_kaz).get(url).status_code == 404
    assert client_for(officer_kaz).post(url, {"code": "X"}).status_code == 404
    assert client_for(donor_viewer).get(url).status_code == 403
    client = client_for(officer_afg)
    page = client.get(url).content.decode()
    assert "الدقيق من أجل الإنسانية" in page
    response = client.post(
        url,
        _project(
            projects,
            world,
            code="FFH-2023",
            title="Flour for Humanity",
            status="3",
            # within the dates of the project's reporting period, which it cannot move past
            planned_start="2023-01-01",
            planned_end="2023-12-31",
            actual_start="2023-01-10",
            humanitarian="",
            humanitarian_scope_type="",
            humanitarian_scope_code="",
        ),
    )
    assert response.status_code == 302
    projects.flour.refresh_from_db()
    assert projects.flour.status == "3"
    assert (
        AuditEntry.objects.filter(action="programmes.project.updated", actor=officer_afg).count()
        == 1
    )


def test_the_add_buttons_follow_the_permissions(
    projects: Projects, officer_afg: User, donor_viewer: User
) -> None:
    assert (
        "Add a project" in client_for(officer_afg).get("/en/programmes/projects/").content.decode()
    )
    assert (
        "Add a project"
        not in client_for(donor_viewer).get("/en/programmes/projects/").content.decode()
    )
    assert client_for(donor_viewer).get("/en/programmes/projects/new/").status_code == 403

"""A role limited to a programme reaches only that programme's projects, in its countries."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, Role, User
from sunbula.programmes import services
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.role_limits import role_programmes_set
from tests.conftest import Projects, World, client_for, make_persona

pytestmark = pytest.mark.django_db


def test_a_programme_officer_reaches_only_her_programme(
    projects: Projects, world: World, admin: User
) -> None:
    rice = services.programme_create(
        actor=None,
        code="RICE",
        name="Rice",
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    Project.objects.filter(pk=projects.almaty.pk).update(programme=rice)
    officer = make_persona("wheat@example.org", Role.PROGRAMME_OFFICER, world.iofs, [])
    assignment = officer.role_assignments.get()
    role_programmes_set(actor=admin, assignment=assignment, programmes=[projects.flour.programme])
    entry = AuditEntry.objects.get(action="programmes.roleprogramme.set")
    assert entry.actor == admin
    assert entry.after == {"programmes": [projects.flour.programme_id]}

    visible = Project.objects.visible_to(officer, ProgrammePerm.VIEW_PROJECT)
    assert list(visible) == [projects.flour]
    client = client_for(officer)
    assert client.get(f"/en/programmes/projects/{projects.flour.pk}/").status_code == 200
    assert client.get(f"/en/programmes/projects/{projects.almaty.pk}/").status_code == 404
    assert client.get(f"/en/programmes/projects/{10**9}/").status_code == 404
    codes = [row["code"] for row in client.get("/api/v1/projects/").json()["results"]]
    assert codes == [projects.flour.code]

    role_programmes_set(actor=admin, assignment=assignment, programmes=[])
    assert Project.objects.visible_to(officer, ProgrammePerm.VIEW_PROJECT).count() == 2

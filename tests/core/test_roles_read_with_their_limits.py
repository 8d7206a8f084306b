"""The users list and a user's page show each role with what it reaches: its countries, the
programmes it is limited to and, for a donor, its own organisation; an Afghan and a Kazakh
officer do not read the same. The list reads them in the same queries for any number of rows."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import Role, User
from sunbula.programmes.models import Programme
from sunbula.programmes.role_limits import role_programmes_set
from tests.conftest import Projects, World, client_for, make_persona

pytestmark = pytest.mark.django_db


def _row(page: str, email: str) -> str:
    row = re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(email)}</a>.*?</tr>", page, re.S)
    assert row, email
    return row[0]


def test_each_role_reads_with_its_countries_programmes_and_organisation(
    admin: User, officer_afg: User, officer_kaz: User, donor_viewer: User, projects: Projects
) -> None:
    assignment = officer_afg.role_assignments.get()
    role_programmes_set(
        actor=None, assignment=assignment, programmes=[Programme.objects.get(code="AFSP")]
    )
    page = html.unescape(client_for(admin).get("/en/users/").content.decode())
    assert "Programme officer (IOFS): Afghanistan · AFSP" in _row(page, officer_afg.email)
    assert "Programme officer (IOFS): Kazakhstan" in _row(page, officer_kaz.email)
    donor = _row(page, donor_viewer.email)
    assert "Every country" in donor and "own organisation's records only" in donor
    detail = client_for(admin).get(f"/en/users/{donor_viewer.pk}/").content.decode()
    assert "own organisation's records only" in html.unescape(detail)
    response = client_for(admin).get("/en/users/?format=csv")
    download = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Programme officer (IOFS): Afghanistan · AFSP" in download


def test_the_list_costs_the_same_queries_for_one_user_or_many(admin: User, world: World) -> None:
    client = client_for(admin)
    client.get("/en/users/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/users/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(6):
        make_persona(
            f"officer{number}@example.org",
            Role.PROGRAMME_OFFICER,
            world.iofs,
            [world.afghanistan, world.kazakhstan],
        )
    assert queries() == few

"""Programme and project pages run a fixed number of queries, with or without the forms."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.programmes import services
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db
# Pinned after a first warm-up request (session, user, roles, then the page's own reads).
PINNED = {
    "programme_list": 3,
    "programme_detail": 5,
    # Three of them read the project's pledges, lots and cycles for "In the chain", two its
    # events and farmer courses.
    "project_detail": 28,
    "project_detail_viewer": 20,
    "project_form": 7,
}


def _more_rows(projects: Projects, world: World, admin: User) -> None:
    """More of everything the project page lists: the count must not move."""
    flour = projects.flour
    services.project_locations_set(
        actor=admin, project=flour, locations=[(world.hirat, Decimal(50)), (world.kabul, 50)]
    )
    services.project_sectors_set(
        actor=admin, project=flour, sectors=[("72040", Decimal(50)), ("15137", Decimal(50))]
    )
    services.participant_add(
        actor=admin,
        project=flour,
        organisation=world.kazakhstan_government,
        role="1",
        funding_share=Decimal(40),
    )
    services.project_update(actor=admin, project=flour, planned_end=datetime.date(2024, 12, 31))
    for year in (2023, 2024):
        services.budget_record(
            actor=admin,
            project=flour,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            amount=Decimal(1000),
            currency=flour.currency,
        )
    result = services.result_create(actor=admin, project=flour, level="2", title="Fed")
    services.indicator_create(actor=admin, result=result, title="Meals", measure="1")
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
    )
    for name in ("Solar water system", "Well"):
        services.asset_register(
            actor=admin, kind="well", name=name, project=flour, site=world.kabul_warehouse
        )


def _count(client: object, url: str) -> int:
    client.get(url)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(queries)


def test_programme_pages(projects: Projects, officer_hq: User) -> None:
    client = client_for(officer_hq)
    programme = projects.flour.programme
    assert _count(client, "/en/programmes/") == PINNED["programme_list"]
    assert _count(client, programme.get_absolute_url()) == PINNED["programme_detail"]


def test_project_pages(
    projects: Projects, world: World, officer_afg: User, donor_viewer: User, admin: User
) -> None:
    url = projects.flour.get_absolute_url()
    assert _count(client_for(officer_afg), url) == PINNED["project_detail"]
    _more_rows(projects, world, admin)
    assert _count(client_for(officer_afg), url) == PINNED["project_detail"]
    assert _count(client_for(donor_viewer), url) == PINNED["project_detail_viewer"]
    edit = f"/en/programmes/projects/{projects.flour.pk}/edit/"
    assert _count(client_for(officer_afg), edit) == PINNED["project_form"]

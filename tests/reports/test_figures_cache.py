"""Dashboards are cached until the next write: never stale, never another user's or record's."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core import services as core_services
from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.core.selectors import last_change
from sunbula.funding import services as funding_services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
OVERVIEW = "/en/funding/"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _main(client: object, path: str) -> bytes:
    """The page's content, without the token a form carries (new on every request)."""
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return TOKEN.sub(b"", response.content)


def _pledge(world: World) -> None:
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    funding_services.pledge_record(
        actor=None,
        donor=world.kazakhstan_government,
        pledged_on=datetime.date(2023, 4, 1),
        currency=usd,
        amount=Decimal(987654),
        country=world.afghanistan,
        budget_year=2023,
    )


def test_a_dashboard_is_worked_out_once_until_something_is_written(
    world: World, admin: User
) -> None:
    client = client_for(admin)
    first = _main(client, OVERVIEW)
    with CaptureQueriesContext(connection) as worked_out:
        client.get(OVERVIEW)
    cache.clear()
    with CaptureQueriesContext(connection) as fresh:
        client.get(OVERVIEW)
    assert len(worked_out) < len(fresh)

    _pledge(world)
    after_the_pledge = _main(client, OVERVIEW)
    assert after_the_pledge != first
    assert b"987,654" in after_the_pledge
    cache.clear()
    assert _main(client, OVERVIEW) == after_the_pledge


def test_a_cached_dashboard_is_never_another_users(
    world: World, admin: User, officer_kaz: User
) -> None:
    _pledge(world)
    assert b"987,654" in _main(client_for(admin), OVERVIEW)
    assert b"987,654" not in _main(client_for(officer_kaz), OVERVIEW)


def test_a_cached_dashboard_is_never_another_countrys(world: World, admin: User) -> None:
    client = client_for(admin)
    afghanistan = _main(client, "/en/reports/dashboards/countries/AFG/")
    kazakhstan = _main(client, "/en/reports/dashboards/countries/KAZ/")
    assert afghanistan != kazakhstan
    cache.clear()
    assert _main(client, "/en/reports/dashboards/countries/KAZ/") == kazakhstan


def test_a_reading_of_personal_data_leaves_cached_figures_as_they_are(
    world: World, admin: User
) -> None:
    before = last_change()
    audit_record(actor=admin, action="registry.person.viewed_unmasked", object_repr="1 × page")
    audit_record(actor=admin, action="registry.person.exported", object_repr="3 persons")
    assert last_change() == before
    _pledge(world)
    assert last_change() > before

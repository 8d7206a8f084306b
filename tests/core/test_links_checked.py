"""A record's links are checked before it is saved, without reading again what is known.

Django checks each link with a query; a record the service already read is not looked up
again (core.validation), but a key given alone still is, and still refused if nothing has it.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import Country, Site
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _site(**links: object) -> Site:
    return Site(name="Herat warehouse", kind="warehouse", **links)


def _looked_up(site: Site) -> set[str]:
    """The tables whose rows the check asked to exist (Django's `exists()` query)."""
    with CaptureQueriesContext(connection) as queries:
        site.full_clean()
    return {
        match.group(1)
        for query in queries
        for match in [re.match(r'SELECT 1 AS "a" FROM "(\w+)"', query["sql"])]
        if match
    }


def test_a_record_read_is_not_looked_up_again(world: World) -> None:
    site = _site(
        country=world.afghanistan, admin_area=world.hirat, operating_organisation=world.iofs
    )
    assert _looked_up(site) == set()


def test_a_key_given_alone_is_looked_up(world: World) -> None:
    site = _site(country_id=world.afghanistan.pk, operating_organisation=world.iofs)
    assert _looked_up(site) == {"core_country"}


def test_a_key_nothing_has_is_refused_by_name() -> None:
    site = _site(country_id=987654)
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "country" in refused.value.message_dict


def test_a_record_not_yet_saved_is_refused(world: World) -> None:
    site = _site(country=Country(iso2="ZZ", iso3="ZZZ", name="Nowhere"))
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "country" in refused.value.message_dict

"""A policy profile links its member state's page, and lists a strategy's period and status
with the reader's comma; an SDG file missing columns names them with it too."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.errors import ImportRejected
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_the_profile_links_its_member_state(analyst: User, afghan_published: PolicyProfile) -> None:
    client = client_for(analyst)
    english = client.get(f"/en/policy/{afghan_published.pk}/").content.decode()
    assert '<a href="/en/member-states/AFG/">Afghanistan</a>' in english
    assert "(<bdi>2021–2030</bdi>, Adopted)" in english
    arabic = client.get(f"/ar/policy/{afghan_published.pk}/").content.decode()
    assert '<a href="/ar/member-states/AFG/">أفغانستان</a>' in arabic
    assert "(<bdi>2021–2030</bdi>، " in arabic


def test_the_columns_a_file_lacks_are_listed_with_the_reader_s_comma(
    world: World, analyst: User
) -> None:
    with translation.override("ar"), pytest.raises(ImportRejected) as rejected:
        services.indicator_values_import(
            actor=analyst,
            content=b"SeriesCode,Value\nSN_ITK_DEFC,3\n",
            retrieved_on=datetime.date(2025, 6, 1),
            countries=[world.afghanistan],
        )
    message = rejected.value.errors[0].message
    assert "geoareacode، timeperiod" in message, message

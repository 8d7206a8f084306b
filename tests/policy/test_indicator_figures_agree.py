"""An SDG 2 value reads the same wherever it is shown: on the list, on its country's profile,
on the member-state map (with the year it is of) and in the comparative report, with its
qualifier ("<2.5") and every decimal it holds, in the reader's separators."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _record(world: World, analyst: User, country: str, value: str, qualifier: str = "") -> None:
    services.indicator_value_record(
        actor=analyst,
        country=getattr(world, country),
        series_code="SN_ITK_DEFC",
        year=2023,
        value=value,
        qualifier=qualifier,
        source="Test",
        retrieved_on=datetime.date(2025, 1, 1),
    )


def test_a_value_reads_alike_on_the_list_the_profile_the_map_and_the_report(
    world: World, analyst: User, afghan_published: PolicyProfile
) -> None:
    _record(world, analyst, "afghanistan", "12.3456")
    _record(world, analyst, "kazakhstan", "2.5", qualifier="<")
    client = client_for(analyst)
    listed = client.get("/fr/policy/indicators/").content.decode()
    assert "<bdi>12,3456</bdi>" in listed and "<bdi>&lt;2,5</bdi>" in listed
    profile = client.get(f"/fr/policy/{afghan_published.pk}/").content.decode()
    assert "<bdi>12,3456</bdi>" in profile and "<bdi>30,2</bdi>" in profile
    drawn = client.get("/fr/policy/map/").content.decode()
    afghanistan = drawn.split('<tr data-iso3="AFG">')[1].split("</tr>")[0]
    assert "<bdi>12,3456</bdi></td><td>2023</td>" in afghanistan
    kazakhstan = drawn.split('<tr data-iso3="KAZ">')[1].split("</tr>")[0]
    assert "<bdi>&lt;2,5</bdi></td><td>2023</td>" in kazakhstan
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    report = client.get(f"/fr/policy/reports/{snapshot.pk}/").content.decode()
    assert "<bdi>12,3456</bdi> (2023)" in report
    english = client.get("/en/policy/indicators/").content.decode()
    assert "<bdi>12.3456</bdi>" in english and "<bdi>&lt;2.5</bdi>" in english

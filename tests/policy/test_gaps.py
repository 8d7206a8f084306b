"""Gaps per country: no strategy in force, no coordinating body, indicators missing or old."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import User
from sunbula.policy import selectors, services
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_gaps_are_listed_per_country(
    world: World, analyst: User, afghan_draft: PolicyProfile
) -> None:
    services.strategy_add(
        actor=analyst,
        profile=afghan_draft,
        name="Old plan",
        start_year=2015,
        end_year=2019,
        status="expired",
    )
    for series_code, year in (
        ("SN_ITK_DEFC", 2018),
        ("AG_PRD_FIESMS", 2023),
        ("SH_STA_STNT", 2023),
    ):
        services.indicator_value_record(
            actor=analyst,
            country=world.afghanistan,
            series_code=series_code,
            year=year,
            value="10",
            source="Test",
            retrieved_on=datetime.date(2025, 1, 1),
        )
    today = datetime.date(2025, 6, 1)
    gaps = [
        (gap.country.iso3, gap.kind, gap.message)
        for gap in selectors.gap_list(user=analyst, today=today)
    ]
    assert ("AFG", "coordination", "No coordinating body recorded.") in gaps
    assert (
        "AFG",
        "indicator",
        "Latest value for Prevalence of undernourishment (%) is from 2018, over three years old.",
    ) in gaps
    assert ("AFG", "indicator", "No value for Wasting, children under 5 (%).") in gaps
    # The 2021–2030 strategy from the fixture is adopted and in force.
    assert not [gap for gap in gaps if gap[1] == "strategy"]
    later = selectors.gap_list(user=analyst, today=datetime.date(2031, 1, 1))
    assert [gap.message for gap in later if gap.kind == "strategy"] == [
        "No strategy in force; the last one ended in 2030."
    ]


def test_a_focal_point_sees_the_gaps_of_her_country_only(
    world: World, analyst: User, afghan_draft: PolicyProfile, focal_kaz: User
) -> None:
    assert selectors.gap_list(user=focal_kaz) == []


def test_each_gap_opens_its_profile(
    world: World, analyst: User, afghan_draft: PolicyProfile
) -> None:
    page = client_for(analyst).get("/fr/policy/gaps/").content.decode()
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert f'<a href="{afghan_draft.get_absolute_url()}">Afghanistan</a>' in row

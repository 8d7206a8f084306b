"""Gaps per country: no strategy in force, no coordinating body, indicators missing or old."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

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


def test_a_strategy_is_in_force_from_its_first_year_to_its_last(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    """Only an adopted strategy whose years include this one is in force: one adopted to
    start later is not yet, and a gap never names a year to come as the last one ended."""
    afghan_draft.strategies.all().delete()
    services.strategy_add(
        actor=analyst,
        profile=afghan_draft,
        name="Next plan",
        start_year=2027,
        end_year=2031,
        status="adopted",
    )

    def strategy_gaps(year: int) -> list[str]:
        today = datetime.date(year, 6, 1)
        return [
            g.message for g in selectors.gap_list(user=analyst, today=today) if g.kind == "strategy"
        ]

    assert strategy_gaps(2026) == ["No strategy in force."]
    assert strategy_gaps(2027) == []
    assert strategy_gaps(2032) == ["No strategy in force; the last one ended in 2031."]


def test_a_strategy_running_to_a_year_to_come_has_not_expired(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    later = timezone.localdate().year + 5
    with pytest.raises(ValidationError) as refused:
        services.strategy_add(
            actor=analyst,
            profile=afghan_draft,
            name="Plan",
            start_year=2021,
            end_year=later,
            status="expired",
        )
    assert refused.value.message_dict == {
        "status": [f"A strategy that runs to {later} has not expired."]
    }


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

"""The policy services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from tests.audit import Walked
from tests.conftest import World
from tests.policy.conftest import draft_profile, make_analyst, make_focal_afg

SDG_CSV = b"SeriesCode,GeoAreaCode,TimePeriod,Value,Source\nSH_STA_WAST,4,2022,3.6,UNICEF\n"


def calls(world: World, analyst: User, focal_afg: User) -> dict[str, Callable[[], Any]]:
    draft = draft_profile(world, analyst, "kazakhstan")
    submitted = draft_profile(world, analyst)
    services.profile_submit(actor=analyst, profile=submitted)
    framework = services.framework_create(
        actor=analyst, code="walk", name="Walk", criteria=[("I", "One", {})]
    )
    criterion = framework.criteria.get()
    tajikistan = _third(world)
    strategy = services.strategy_add(
        actor=analyst, profile=draft, name="Plan", start_year=2020, end_year=2025, status="adopted"
    )
    instrument = services.legal_instrument_add(
        actor=analyst, profile=draft, name="Food law", kind="legislation"
    )
    body = services.coordinating_body_add(actor=analyst, profile=draft, name="Council")
    decision = services.decision_add(
        actor=analyst,
        profile=draft,
        name="Tariff cut",
        group="trade_macro",
        decided_on=datetime.date(2024, 1, 1),
    )

    def validated() -> PolicyProfile:
        return services.profile_validate(actor=focal_afg, profile=submitted)

    def published() -> PolicyProfile:
        validated()
        return services.profile_publish(actor=analyst, profile=submitted)

    return {
        "profile_create": lambda: services.profile_create(actor=analyst, country=tajikistan),
        "profile_submit": lambda: services.profile_submit(actor=analyst, profile=draft),
        "profile_validate": validated,
        "profile_publish": published,
        "profile_reopen": lambda: services.profile_reopen(actor=analyst, profile=submitted),
        "strategy_add": lambda: services.strategy_add(
            actor=analyst,
            profile=draft,
            name="Plan",
            start_year=2020,
            end_year=2025,
            status="adopted",
        ),
        "strategy_update": lambda: services.strategy_update(
            actor=analyst, strategy=strategy, name="Plan 2020-2025"
        ),
        "strategy_remove": lambda: services.strategy_remove(
            actor=analyst, strategy=strategy, reason="Entered twice"
        ),
        "legal_instrument_update": lambda: services.legal_instrument_update(
            actor=analyst, instrument=instrument, name="Food safety law"
        ),
        "legal_instrument_remove": lambda: services.legal_instrument_remove(
            actor=analyst, instrument=instrument, reason="Another country's law"
        ),
        "coordinating_body_update": lambda: services.coordinating_body_update(
            actor=analyst, coordinating_body=body, chair="Prime Minister"
        ),
        "coordinating_body_remove": lambda: services.coordinating_body_remove(
            actor=analyst, coordinating_body=body, reason="Dissolved before the period"
        ),
        "decision_update": lambda: services.decision_update(
            actor=analyst, decision=decision, group="consumer"
        ),
        "decision_remove": lambda: services.decision_remove(
            actor=analyst, decision=decision, reason="Recorded twice"
        ),
        "legal_instrument_add": lambda: services.legal_instrument_add(
            actor=analyst, profile=draft, name="Food law", kind="legislation"
        ),
        "coordinating_body_add": lambda: services.coordinating_body_add(
            actor=analyst, profile=draft, name="Council"
        ),
        "decision_add": lambda: services.decision_add(
            actor=analyst,
            profile=draft,
            name="Tariff cut",
            group="trade_macro",
            decided_on=datetime.date(2024, 1, 1),
        ),
        "indicator_value_record": lambda: services.indicator_value_record(
            actor=analyst,
            country=world.afghanistan,
            series_code="SN_ITK_DEFC",
            year=2022,
            value="30.2",
            source="Test",
            retrieved_on=datetime.date(2025, 1, 1),
        ),
        "indicator_values_import": lambda: services.indicator_values_import(
            actor=analyst,
            content=SDG_CSV,
            retrieved_on=datetime.date(2025, 1, 1),
            countries=[world.afghanistan],
        ),
        "framework_create": lambda: services.framework_create(
            actor=analyst, code="walk", name="Walk v2", criteria=[("I", "One", {})]
        ),
        "score_record": lambda: services.score_record(
            actor=analyst,
            criterion=criterion,
            country=world.afghanistan,
            year=2024,
            score=2,
            evidence="A strategy exists.",
        ),
        "report_snapshot_take": lambda: services.report_snapshot_take(
            actor=analyst, taken_on=timezone.localdate()
        ),
    }


def _third(world: World) -> Any:
    from sunbula.core import services as core_services

    return core_services.country_upsert(
        actor=None, iso2="TJ", iso3="TJK", name="Tajikistan", name_translations={}
    )


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public policy service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    analyst, focal_afg = make_analyst(world), make_focal_afg(world)
    return calls(world, analyst, focal_afg), (analyst, focal_afg)

"""The programmes services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import Currency, User
from sunbula.programmes import services
from sunbula.programmes.models import ParticipatingOrganisation
from tests.audit import Walked
from tests.conftest import Projects, World
from tests.programmes.conftest import GOOD

D = datetime.date


def calls(world: World, admin: User, projects: Projects) -> dict[str, Callable[[], Any]]:
    flour = projects.flour
    programme = flour.programme
    usd = Currency.objects.get(code="USD")
    # Budgets and periods fall within the project's dates.
    services.project_update(actor=admin, project=flour, planned_end=D(2025, 12, 31))
    locked = services.reporting_period_create(
        actor=admin, project=flour, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)
    )
    services.reporting_period_approve(actor=admin, period=locked)
    funder = ParticipatingOrganisation.objects.get(project=flour, role="4")
    budget = services.budget_record(
        actor=admin,
        project=flour,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        amount=Decimal(500),
        currency=usd,
    )
    spare = services.result_create(actor=admin, project=flour, level="3", title="Spare")
    spare_indicator = services.indicator_create(
        actor=admin, result=spare, title="Spare bags", measure="1"
    )
    spare_period = services.reporting_period_create(
        actor=admin, project=flour, period_start=D(2025, 1, 1), period_end=D(2025, 6, 30)
    )
    pump = services.asset_register(
        actor=admin,
        kind="solar_water",
        name="Pump",
        project=flour,
        site=world.kabul_warehouse,
        status="operational",
    )
    visit = services.maintenance_visit_record(
        actor=admin,
        asset=pump,
        visited_on=D(2024, 3, 1),
        visited_by="Engineer",
        finding="Pump stopped",
        status_after="out_of_service",
    )
    decision = services.governing_decision_record(
        actor=admin,
        programme=programme,
        body="Second General Assembly",
        kind="endorsement",
        place="Jeddah",
        held_from=D(2019, 12, 2),
        held_until=D(2019, 12, 3),
    )
    document = services.document_add(
        actor=admin,
        project=flour,
        title="Wrong file",
        url="https://example.org/wrong.pdf",
        file_format="application/pdf",
        category="A02",
    )
    return {
        "asset_register": lambda: services.asset_register(
            actor=admin,
            kind="well",
            name="Well",
            project=flour,
            site=world.kabul_warehouse,
        ),
        "asset_update": lambda: services.asset_update(actor=admin, asset=pump, people_served=900),
        "maintenance_visit_record": lambda: services.maintenance_visit_record(
            actor=admin,
            asset=pump,
            visited_on=D(2024, 5, 1),
            visited_by="Engineer",
            finding="Panels dusty",
            status_after="needs_repair",
        ),
        "maintenance_visit_update": lambda: services.maintenance_visit_update(
            actor=admin, visit=visit, status_after="needs_repair"
        ),
        "maintenance_visit_remove": lambda: services.maintenance_visit_remove(
            actor=admin, visit=visit, reason="Recorded against the wrong pump"
        ),
        "programme_create": lambda: services.programme_create(
            actor=admin,
            code="FSG",
            name="Food Security Governance",
            reporting_organisation=world.iofs,
            iati_reporting_ref="XI-IATI-IOFS",
        ),
        "programme_update": lambda: services.programme_update(
            actor=admin, programme=programme, description="Food assistance"
        ),
        "governing_decision_record": lambda: services.governing_decision_record(
            actor=admin,
            programme=programme,
            body="Third General Assembly",
            kind="endorsement",
            place="Ankara",
            held_from=D(2020, 12, 2),
            held_until=D(2020, 12, 3),
        ),
        "governing_decision_update": lambda: services.governing_decision_update(
            actor=admin, decision=decision, place="Ankara"
        ),
        "governing_decision_remove": lambda: services.governing_decision_remove(
            actor=admin, decision=decision, reason="Recorded twice"
        ),
        "project_create": lambda: services.project_create(
            actor=admin,
            code="NEW-1",
            title="New",
            description="New project",
            programme=programme,
            recipient_country=world.afghanistan,
            status="1",
            planned_start=D(2026, 1, 1),
            planned_end=D(2026, 12, 31),
            currency=usd,
        ),
        "project_update": lambda: services.project_update(actor=admin, project=flour, status="3"),
        "project_locations_set": lambda: services.project_locations_set(
            actor=admin,
            project=flour,
            locations=[(world.hirat, Decimal(60)), (world.kabul, Decimal(40))],
        ),
        "project_sectors_set": lambda: services.project_sectors_set(
            actor=admin, project=flour, sectors=[("72040", Decimal(70)), ("15137", Decimal(30))]
        ),
        "participant_add": lambda: services.participant_add(
            actor=admin,
            project=flour,
            organisation=world.kazakhstan_government,
            role="1",
            funding_share=Decimal(50),
        ),
        "participant_remove": lambda: services.participant_remove(actor=admin, participant=funder),
        "budget_record": lambda: services.budget_record(
            actor=admin,
            project=flour,
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
            amount=Decimal(1000),
            currency=usd,
        ),
        "budget_remove": lambda: services.budget_remove(
            actor=admin, budget=budget, reason="Recorded for the wrong year"
        ),
        "result_remove": lambda: services.result_remove(actor=admin, result=spare),
        "target_group_set": lambda: services.target_group_set(
            actor=admin, project=flour, group="patients", targeted=500
        ),
        "document_add": lambda: services.document_add(
            actor=admin,
            project=flour,
            title="Agreement",
            url="https://example.org/agreement.pdf",
            file_format="application/pdf",
            category="A09",
        ),
        "document_update": lambda: services.document_update(
            actor=admin, document=document, url="https://example.org/right.pdf"
        ),
        "document_remove": lambda: services.document_remove(
            actor=admin, document=document, reason="Attached to the wrong project"
        ),
        "result_create": lambda: services.result_create(
            actor=admin, project=flour, level="2", title="Patients eat better"
        ),
        "indicator_create": lambda: services.indicator_create(
            actor=admin, result=projects.tonnes.result, title="Bags", measure="1"
        ),
        "reporting_period_create": lambda: services.reporting_period_create(
            actor=admin, project=flour, period_start=D(2025, 7, 1), period_end=D(2025, 12, 31)
        ),
        "reporting_period_update": lambda: services.reporting_period_update(
            actor=admin, period=spare_period, period_end=D(2025, 5, 31)
        ),
        "reporting_period_remove": lambda: services.reporting_period_remove(
            actor=admin, period=spare_period
        ),
        "indicator_update": lambda: services.indicator_update(
            actor=admin, indicator=projects.tonnes, title="Tonnes of flour delivered"
        ),
        "indicator_remove": lambda: services.indicator_remove(
            actor=admin, indicator=spare_indicator
        ),
        "indicator_target_set": lambda: services.indicator_target_set(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
        ),
        "indicator_actual_record": lambda: services.indicator_actual_record(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
        ),
        "reporting_period_approve": lambda: services.reporting_period_approve(
            actor=admin, period=projects.year
        ),
        "reporting_period_unlock": lambda: services.reporting_period_unlock(
            actor=admin, period=locked, reason="late figures"
        ),
        "three_w_import": lambda: services.three_w_import(
            actor=admin, country=world.afghanistan, file_name="3w.csv", content=GOOD
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public programmes service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    projects = request.getfixturevalue("projects")
    return calls(world, admin, projects), (admin,)

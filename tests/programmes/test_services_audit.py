"""Programme rules the services enforce: sector and co-funding shares, results with actuals.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.programmes import services
from tests.conftest import Projects, World

pytestmark = pytest.mark.django_db
D = datetime.date


def test_sector_percentages_must_sum_to_100(projects: Projects, admin: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="90"):
        services.project_sectors_set(
            actor=admin, project=projects.flour, sectors=[("72040", Decimal(90))]
        )
    assert list(projects.flour.sectors.values_list("code", flat=True)) == ["72040"]


def test_co_funding_shares_stay_within_100(projects: Projects, admin: User, world: World) -> None:
    from django.core.exceptions import ValidationError

    services.participant_add(
        actor=admin,
        project=projects.flour,
        organisation=world.iofs,
        role="1",
        funding_share=Decimal(70),
    )
    with pytest.raises(ValidationError):
        services.participant_add(
            actor=admin,
            project=projects.flour,
            organisation=world.kazakhstan_government,
            role="1",
            funding_share=Decimal(40),
        )


def test_a_result_with_actuals_cannot_be_removed(projects: Projects, admin: User) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    with pytest.raises(services.FiguresRecorded, match="Actuals"):
        services.result_remove(actor=admin, result=projects.tonnes.result)
    assert projects.flour.results.count() == 1

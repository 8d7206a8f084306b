"""Planning a cycle, each indicator and reporting period offered is told from the others:
two projects that measure under one title or report over the same dates are named by their
project's code."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import User
from sunbula.programmes import services as programme_services
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _choices(page: str) -> dict[str, list[str]]:
    """Each select's option labels, by the select's name."""
    return {
        name: re.findall(r"<option[^>]*>([^<]*)</option>", options)
        for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S)
    }


def test_two_projects_alike_are_told_apart_in_the_choices(field: Field, officer_afg: User) -> None:
    flour = field.projects.flour
    twin = programme_services.project_create(
        actor=None,
        code="FFH-2023-B",
        title="Flour for Humanity, second phase",
        description="Wheat flour for treatment centres.",
        programme=flour.programme,
        recipient_country=flour.recipient_country,
        status="2",
        planned_start=D(2023, 1, 1),
        planned_end=D(2023, 12, 31),
        currency=flour.currency,
    )
    result = programme_services.result_create(
        actor=None, project=twin, level="1", title="Flour delivered"
    )
    programme_services.indicator_create(
        actor=None, result=result, title="Tonnes delivered", measure="1", unit="t"
    )
    programme_services.reporting_period_create(
        actor=None, project=twin, period_start=D(2023, 1, 1), period_end=D(2023, 12, 31)
    )

    choices = _choices(client_for(officer_afg).get("/en/assistance/cycles/new/").content.decode())

    for name in ("people_indicator", "kg_indicator", "inputs_indicator", "reporting_period"):
        labels = choices[name][1:]
        assert len(labels) == len(set(labels)) == 2, labels
    assert sorted(choices["kg_indicator"][1:]) == [
        "Tonnes delivered (FFH-2023)",
        "Tonnes delivered (FFH-2023-B)",
    ]
    assert sorted(choices["reporting_period"][1:]) == [
        "Jan 1, 2023 – Dec 31, 2023 (FFH-2023)",
        "Jan 1, 2023 – Dec 31, 2023 (FFH-2023-B)",
    ]

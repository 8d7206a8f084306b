"""Must show: a planner links a cycle to its project's indicators and reporting period on the
cycle's forms and through the API, so that its distributions feed the actuals; another
project's indicator is refused on its field."""

from __future__ import annotations

import datetime

import pytest

from sunbula.assistance.models import Cycle
from sunbula.core.models import User
from sunbula.programmes import services as programmes_services
from sunbula.programmes.models import Indicator
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/assistance/cycles"


def _foreign_indicator(field: Field) -> Indicator:
    result = programmes_services.result_create(
        actor=None, project=field.projects.almaty, level="1", title="Stock held"
    )
    return programmes_services.indicator_create(
        actor=None, result=result, title="Tonnes held", measure="1", unit="t"
    )


def test_the_edit_page_links_the_indicators_of_the_cycles_project(
    field: Field, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/edit/"
    page = client.get(url)
    choices = list(page.context["form"].fields["kg_indicator"].queryset)
    assert choices == [field.projects.tonnes]
    foreign = _foreign_indicator(field)
    base = {
        "name": field.cycle.name,
        "period_start": "2023-06-01",
        "period_end": "2023-06-30",
        "ration_kind": field.cycle.ration_kind,
    }
    refused = client.post(url, {**base, "kg_indicator": foreign.pk})
    assert refused.status_code == 422 and refused.context["form"].errors["kg_indicator"]
    saved = client.post(
        url,
        {
            **base,
            "kg_indicator": field.projects.tonnes.pk,
            "reporting_period": field.projects.year.pk,
        },
    )
    assert saved.status_code == 302
    cycle = Cycle.objects.get(pk=field.cycle.pk)
    assert cycle.kg_indicator == field.projects.tonnes
    assert cycle.reporting_period == field.projects.year


def test_the_api_links_and_refuses_indicators(
    field: Field, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    patched = client.patch(
        f"{API}/{field.cycle.pk}/",
        {"kg_indicator": field.projects.tonnes.pk, "reporting_period": field.projects.year.pk},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["kg_indicator"] == field.projects.tonnes.pk
    cycle = Cycle.objects.get(pk=field.cycle.pk)
    assert (cycle.kg_indicator, cycle.reporting_period) == (
        field.projects.tonnes,
        field.projects.year,
    )
    foreign = client.patch(
        f"{API}/{field.cycle.pk}/",
        {"people_indicator": _foreign_indicator(field).pk},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "people_indicator" in foreign.json()
    created = client.post(
        f"{API}/",
        {
            "name": "Linked",
            "project": field.projects.flour.pk,
            "country": world.afghanistan.pk,
            "period_start": "2023-07-01",
            "period_end": "2023-07-31",
            "ration_kind": "household_month",
            "kg_indicator": field.projects.tonnes.pk,
            "reporting_period": field.projects.year.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    made = Cycle.objects.get(name="Linked")
    assert made.kg_indicator == field.projects.tonnes
    actuals = client.post(f"{API}/{made.pk}/actuals/", content_type="application/json")
    assert actuals.status_code == 200, actuals.content

"""Must show: the figures of a results framework add up. Groups never exceed their total; a
percentage stays within 100 and nothing is below zero; a baseline was measured in a past
year; reporting periods of a project do not overlap and adding one never changes another;
a refused actual shows its error beside its own period only; periods read in the reader's
language; a project's actual dates have happened."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sunbula.core.models import User
from sunbula.programmes import services
from sunbula.programmes.models import (
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    Project,
    ReportingPeriod,
)
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db

D = datetime.date


def _share(projects: Projects, admin: User) -> Indicator:
    return services.indicator_create(
        actor=admin,
        result=projects.tonnes.result,
        title="Share of farmers using certified seed",
        measure="2",
        unit="%",
    )


def test_groups_cannot_add_up_to_more_than_the_total(projects: Projects, admin: User) -> None:
    record = services.indicator_actual_record
    record(actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(310))
    women = services.Disaggregation(sex="female")
    record(
        actor=admin,
        indicator=projects.tonnes,
        period=projects.year,
        value=Decimal(120),
        disaggregation=women,
    )
    with pytest.raises(ValidationError) as refused:
        record(
            actor=admin,
            indicator=projects.tonnes,
            period=projects.year,
            value=Decimal(250),
            disaggregation=services.Disaggregation(sex="male"),
        )
    assert "370" in refused.value.message_dict["value"][0]
    # Nor may the total be lowered below the groups recorded first.
    with pytest.raises(ValidationError):
        record(actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(100))
    assert sorted(IndicatorActual.objects.values_list("sex", "value")) == [
        ("", Decimal(310)),
        ("female", Decimal(120)),
    ]
    page = client_for(admin).get(f"/en/programmes/projects/{projects.flour.pk}/results/")
    # The group is named by the keys it has, without blanks for those it has not.
    assert "<td>Female: <bdi>120</bdi></td>" in page.content.decode()


def test_the_page_shows_a_refused_actual_beside_its_own_period_only(
    projects: Projects, admin: User
) -> None:
    services.project_update(actor=admin, project=projects.flour, planned_end=D(2024, 12, 31))
    later = services.reporting_period_create(
        actor=admin, project=projects.flour, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)
    )
    client = client_for(admin)
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    page = client.post(
        f"/en/programmes/periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "30", "sex": "female"},
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert html.count("more than the total") == 1
    assert f'id="id_period{later.pk}_value"' in html
    assert html.count(f'id="id_period{projects.year.pk}_value"') == 1


def test_percentages_and_counts_stay_within_bounds(projects: Projects, admin: User) -> None:
    share = _share(projects, admin)
    with pytest.raises(ValidationError) as refused:
        services.indicator_actual_record(
            actor=admin, indicator=share, period=projects.year, value=Decimal(180)
        )
    assert "value" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_target_set(
            actor=admin, indicator=share, period=projects.year, value=Decimal(300)
        )
    with pytest.raises(ValidationError):
        services.indicator_target_set(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(-5)
        )
    services.indicator_target_set(
        actor=admin, indicator=share, period=projects.year, value=Decimal(100)
    )
    assert not IndicatorActual.objects.exists()
    assert list(IndicatorTarget.objects.values_list("value", flat=True)) == [Decimal(100)]


def test_a_baseline_is_measured_in_a_past_year_and_within_bounds(
    projects: Projects, admin: User
) -> None:
    client = client_for(admin)
    url = f"/en/programmes/projects/{projects.flour.pk}/indicators/"
    result = projects.tonnes.result.pk
    next_year = timezone.localdate().year + 1
    for year, value, measure, field in (
        ("99999", "0", "1", "baseline_year"),
        (str(next_year), "0", "1", "baseline_year"),
        ("2024", "-10", "1", "baseline_value"),
        ("2024", "250", "2", "baseline_value"),
    ):
        page = client.post(
            url,
            {
                "result": result,
                "title": "Farmers reached",
                "measure": measure,
                "baseline_year": year,
                "baseline_value": value,
            },
        )
        assert page.status_code == 422, (year, value)
        assert page.context["indicator_form"].errors[field]
    assert not Indicator.objects.filter(title="Farmers reached").exists()


def test_periods_do_not_overlap_and_adding_one_changes_none(
    projects: Projects, admin: User
) -> None:
    services.project_update(actor=admin, project=projects.flour, planned_end=D(2024, 12, 31))
    client = client_for(admin)
    url = f"/en/programmes/projects/{projects.flour.pk}/periods/"
    for start, end in (("2023-12-01", "2024-05-31"), ("2023-01-01", "2023-06-30")):
        page = client.post(url, {"period_start": start, "period_end": end})
        assert page.status_code == 422
        assert "overlaps" in str(page.context["period_form"].errors["period_start"])
    assert list(ReportingPeriod.objects.values_list("period_start", "period_end")) == [
        (D(2023, 1, 1), D(2023, 12, 31))
    ]
    # The same period again is the one there is.
    again = services.reporting_period_create(
        actor=admin, project=projects.flour, period_start=D(2023, 1, 1), period_end=D(2023, 12, 31)
    )
    assert again == projects.year
    assert client.post(
        url, {"period_start": "2024-01-01", "period_end": "2024-12-31"}
    ).status_code in (200, 302)


def test_a_period_reads_in_the_reader_language(projects: Projects) -> None:
    with translation.override("fr"):
        assert str(projects.year) == "1 janv. 2023 – 31 déc. 2023"


def test_a_project_actual_date_cannot_be_in_the_future(projects: Projects, admin: User) -> None:
    later = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        services.project_update(actor=admin, project=projects.flour, actual_start=later)
    assert "actual_start" in refused.value.message_dict
    assert Project.objects.get(pk=projects.flour.pk).actual_start is None

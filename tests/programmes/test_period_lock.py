"""An approved period refuses changes to its actuals; unlocking records its reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import IndicatorActual
from sunbula.programmes.services import Disaggregation, PeriodLocked
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


def test_a_locked_period_refuses_new_and_changed_actuals(projects: Projects, admin: User) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(60)
    )
    services.reporting_period_approve(actor=admin, period=projects.year)
    with pytest.raises(PeriodLocked):
        services.indicator_actual_record(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
        )
    with pytest.raises(PeriodLocked):
        services.indicator_actual_record(
            actor=admin,
            indicator=projects.tonnes,
            period=projects.year,
            value=Decimal(30),
            disaggregation=Disaggregation(sex="female"),
        )
    with pytest.raises(PeriodLocked):
        services.indicator_target_set(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(70)
        )
    assert list(IndicatorActual.objects.values_list("value", flat=True)) == [Decimal(60)]


def test_unlocking_needs_a_reason_and_audits_it(projects: Projects, admin: User) -> None:
    services.reporting_period_approve(actor=admin, period=projects.year)
    with pytest.raises(ValidationError):
        services.reporting_period_unlock(actor=admin, period=projects.year, reason="  ")
    services.reporting_period_unlock(
        actor=admin, period=projects.year, reason="Kandahar figures arrived late"
    )
    entry = AuditEntry.objects.get(action="programmes.reportingperiod.unlocked")
    assert entry.actor == admin
    assert entry.after["reason"] == "Kandahar figures arrived late"
    assert entry.before["approved_at"] is not None
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
    )
    assert IndicatorActual.objects.get().value == Decimal(68)


def test_the_page_and_api_refuse_an_actual_in_a_locked_period(
    projects: Projects, admin: User
) -> None:
    services.reporting_period_approve(actor=admin, period=projects.year)
    client = client_for(admin)
    page = client.post(
        f"/en/programmes/periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "68"},
    )
    assert page.status_code == 409
    # The refusal is said beside the period, whose form is no longer shown.
    assert "is approved and locked; unlock it first" in page.content.decode()
    api = client.post(
        f"/api/v1/reporting-periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "68"},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert not IndicatorActual.objects.exists()


def test_unlock_through_the_api_keeps_the_reason(projects: Projects, admin: User) -> None:
    client = client_for(admin)
    url = f"/api/v1/reporting-periods/{projects.year.pk}/"
    assert client.post(f"{url}approve/").json()["is_locked"] is True
    assert client.post(f"{url}unlock/", {}, content_type="application/json").status_code == 400
    response = client.post(
        f"{url}unlock/", {"reason": "Correction from UNODC"}, content_type="application/json"
    )
    assert response.json()["is_locked"] is False
    entry = AuditEntry.objects.get(action="programmes.reportingperiod.unlocked")
    assert entry.after["reason"] == "Correction from UNODC"


def test_a_programme_officer_may_not_unlock(
    projects: Projects, admin: User, officer_afg: User
) -> None:
    services.reporting_period_approve(actor=admin, period=projects.year)
    response = client_for(officer_afg).post(
        f"/en/programmes/periods/{projects.year.pk}/unlock/", {"reason": "try"}
    )
    assert response.status_code == 403
    projects.year.refresh_from_db()
    assert projects.year.is_locked

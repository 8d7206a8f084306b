"""Must show: an indicator actual is a count or amount reached, never below zero; the page,
the API and the service refuse a negative value on `value`, and record nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.programmes import services
from sunbula.programmes.models import IndicatorActual
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


def test_the_service_refuses_a_negative_actual(projects: Projects, admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.indicator_actual_record(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(-4)
        )
    assert "value" in refused.value.message_dict
    zero = services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(0)
    )
    assert zero.value == 0


def test_the_page_and_api_refuse_a_negative_actual_on_its_field(
    projects: Projects, admin: User
) -> None:
    client = client_for(admin)
    page = client.post(
        f"/en/programmes/periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "-4"},
    )
    assert page.status_code == 422
    assert page.context["form"].errors["value"]
    api = client.post(
        f"/api/v1/reporting-periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "-4"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "value" in api.json()
    assert not IndicatorActual.objects.exists()

"""A cycle's allocation page gives the plan in the reader's language: the commodity by its
local name, each quantity in the reader's number format with its unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from sunbula.assistance.models import Cycle, Entitlement
from sunbula.core.figures import quantity_text
from sunbula.core.models import User
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "commodity", "status"),
    [("en", "Wheat flour", "Approved"), ("ru", "Пшеничная мука", None)],
)
def test_the_plan_names_the_commodity_and_formats_its_quantities(
    field: Field,
    world: World,
    officer_afg: User,
    language: str,
    commodity: str,
    status: str | None,
) -> None:
    cycle: Cycle = june_cycle(field, world)
    entitled = Entitlement.objects.filter(cycle=cycle).aggregate(total=Sum("quantity"))["total"]
    assert entitled > 0
    page = client_for(officer_afg).get(f"/{language}/allocation/cycles/{cycle.pk}/")
    assert page.status_code == 200
    row = page.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert f"<td>{commodity}</td>" in row
    assert f"<bdi>{quantity_text(entitled, 'kg', lang=language)}</bdi>" in row
    assert f"<bdi>{quantity_text(Decimal(0), 'kg', lang=language)}</bdi>" in row
    if status is not None:
        assert f"<td>{status}</td>" in row
    if language != "en":
        assert "Wheat flour" not in row

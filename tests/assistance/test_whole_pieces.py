"""A commodity counted in pieces (a tool kit) is handed over in whole pieces: the server
refuses a fraction on `quantity`, in the reader's language, as the distribution point's page
does (400 through the API and from the point's device, 422 on the desk's page, a named line
in a list), and writes nothing; a whole number goes through."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import AuditEntry, User
from sunbula.supply import services as supply
from sunbula.supply.models import StockMovement
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


@pytest.fixture
def tool_kits(field: Field) -> Entitlement:
    """Two tool kits a household, twenty at the centre; the household's entitlement."""
    kit = supply.commodity_upsert(
        actor=None,
        code="TOOL-KIT",
        name="Tool kit",
        category="inputs",
        base_unit="piece",
    )
    supply.lot_receive(
        actor=None,
        site=field.centre,
        commodity=kit,
        quantity=Decimal(20),
        received_on=D(2023, 5, 1),
        reference="GRN-KITS",
        lot_reference="LOT-KITS",
    )
    services.ration_line_set(actor=None, cycle=field.cycle, commodity=kit, quantity=Decimal(2))
    ready(field.cycle)
    return Entitlement.objects.select_related("commodity").get(
        cycle=field.cycle, commodity=kit, beneficiary__reference="HH-1"
    )


@pytest.fixture
def nothing_written() -> object:
    """What a refusal leaves as it was: no distribution, no stock line, no audit entry."""
    before = (StockMovement.objects.count(), AuditEntry.objects.count())
    yield
    assert not Distribution.objects.exists()
    assert (StockMovement.objects.count(), AuditEntry.objects.count()) == before


def test_the_api_refuses_half_a_tool_kit_on_the_quantity(
    field: Field, tool_kits: Entitlement, officer_afg: User, nothing_written: object
) -> None:
    answer = client_for(officer_afg).post(
        "/api/v1/assistance/distributions/",
        {
            "entitlement": tool_kits.pk,
            "site": field.centre.pk,
            "quantity": "1.5",
            "distributed_on": "2023-06-05",
        },
        content_type=JSON,
        headers={"accept-language": "fr"},
    )
    assert answer.status_code == 400, answer.content
    assert "pièces entières" in str(answer.json()["quantity"])


def test_the_points_device_is_refused_a_fraction_too(
    field: Field, tool_kits: Entitlement, officer_afg: User, nothing_written: object
) -> None:
    answer = client_for(officer_afg).post(
        "/api/v1/assistance/point/distributions/",
        {
            "client_id": str(uuid.uuid4()),
            "entitlement": tool_kits.pk,
            "site": field.centre.pk,
            "quantity": "0.5",
            "distributed_on": "2023-06-02",
        },
        content_type=JSON,
    )
    assert answer.status_code == 400, answer.content
    assert "whole pieces" in str(answer.json()["quantity"])


def test_the_desk_shows_the_refusal_on_its_page(
    field: Field, tool_kits: Entitlement, officer_afg: User, nothing_written: object
) -> None:
    page = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/",
        {
            "reference": "HH-1",
            "commodity": tool_kits.commodity_id,
            "site": field.centre.pk,
            "quantity": "1.25",
            "distributed_on": "2023-06-02",
        },
    )
    assert page.status_code == 422
    assert "is handed over in whole pieces" in page.content.decode()


def test_a_list_names_the_line_with_a_fraction(
    field: Field, tool_kits: Entitlement, officer_afg: User, nothing_written: object
) -> None:
    answer = client_for(officer_afg).post(
        "/api/v1/assistance/distributions/bulk/",
        {
            "cycle": field.cycle.pk,
            "commodity": tool_kits.commodity_id,
            "site": field.centre.pk,
            "distributed_on": "2023-06-02",
            "rows": [{"reference": "HH-1", "quantity": "1.5"}],
        },
        content_type=JSON,
    )
    assert answer.status_code == 400, answer.content
    assert "Line 1" in str(answer.json()) and "whole pieces" in str(answer.json())


def test_whole_tool_kits_are_handed_over(
    field: Field, tool_kits: Entitlement, officer_afg: User
) -> None:
    answer = client_for(officer_afg).post(
        "/api/v1/assistance/distributions/",
        {
            "entitlement": tool_kits.pk,
            "site": field.centre.pk,
            "quantity": "2",
            "distributed_on": "2023-06-05",
        },
        content_type=JSON,
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["unit"] == "piece"
    tool_kits.refresh_from_db()
    assert tool_kits.status == Entitlement.Status.DISTRIBUTED

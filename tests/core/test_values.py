"""Values that cannot be true are refused the same way on every channel: control characters
in text, dates outside 1900–2100, impossible headcounts and quantities, IPC phases that do
not hold the population analysed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError

from sunbula.core.models import Organisation, User
from sunbula.core.rate_views import RateForm
from sunbula.monitoring import services as monitoring_services
from sunbula.monitoring.imports import ImportRejected
from sunbula.monitoring.models import PhasePopulation
from sunbula.registry import services as registry_services
from sunbula.registry.models import Headcount
from sunbula.supply import services as supply_services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

ORGANISATION = {"kind": "ngo", "iati_type": "21"}


@pytest.mark.parametrize(
    "text", ["Relief\x00Aid", "Relief\x07Aid", "Relief\x1b[2JAid", "Relief\x9bAid"]
)
def test_control_characters_are_refused_on_pages_and_the_api(
    admin: User, world: World, text: str
) -> None:
    client = client_for(admin)
    page = client.post("/en/organisations/new/", {"name": text, **ORGANISATION})
    assert page.status_code == 422
    api = client.post(
        "/api/v1/organisations/", {"name": text, **ORGANISATION}, content_type="application/json"
    )
    assert api.status_code == 400
    assert "name" in api.json()
    assert not Organisation.objects.filter(kind="ngo").exists()


def test_a_record_named_by_a_text_with_control_characters_is_refused(
    admin: User, world: World
) -> None:
    """The currency is looked up by its code: PostgreSQL cannot compare a text holding NUL,
    so the code is refused before the lookup, alike on both databases."""
    api = client_for(admin).post(
        "/api/v1/funding/payments/",
        {"amount": "10", "currency": "US\x00D", "paid_on": "2025-01-01"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "control characters" in str(api.json()["currency"])


def test_tabs_and_line_breaks_are_text(admin: User, world: World) -> None:
    api = client_for(admin).post(
        "/api/v1/organisations/",
        {"name": "Relief\tAid\r\nAfghanistan", **ORGANISATION},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content


def test_services_refuse_what_the_pages_refuse(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        registry_services.institution_create(
            actor=None, name="Pul-e-\x00Charkhi", kind="prison", site=world.kabul_warehouse
        )
    assert "control characters" in str(refused.value)


def test_a_plain_form_field_refuses_control_characters_too(
    world: World, protection_officer: User
) -> None:
    response = client_for(protection_officer).post(
        "/en/registry/people/export/", {"reason": "audit\x08visit"}
    )
    assert response.status_code == 422
    assert "control characters" in response.content.decode()


@pytest.mark.parametrize("day", ["1850-01-01", "2150-06-30"])
def test_dates_outside_the_window_are_refused(world: World, day: str) -> None:
    form = RateForm(
        {"currency": "", "valid_from": day, "units_per_usd": "70", "source": "Central bank"}
    )
    assert not form.is_valid()
    assert "between 1900-01-01 and 2100-12-31" in str(form.errors["valid_from"])

    class Period(serializers.Serializer[object]):
        start = serializers.DateField()

    with pytest.raises(ApiValidationError):
        Period(data={"start": day}).is_valid(raise_exception=True)

    institution = registry_services.institution_create(
        actor=None, name="Pul-e-Charkhi", kind="prison", site=world.kabul_warehouse
    )
    with pytest.raises(ValidationError, match="between 1900-01-01"):
        registry_services.headcount_record(
            actor=None,
            institution=institution,
            counted_on=datetime.date.fromisoformat(day),
            headcount=100,
            verified_by="Site visit",
            method="roll_call",
        )


def test_a_headcount_above_ten_million_is_refused(world: World) -> None:
    institution = registry_services.institution_create(
        actor=None, name="Pul-e-Charkhi", kind="prison", site=world.kabul_warehouse
    )
    record = {
        "actor": None,
        "institution": institution,
        "counted_on": datetime.date(2024, 3, 1),
        "verified_by": "Site visit",
        "method": "roll_call",
    }
    with pytest.raises(ValidationError, match="not plausible"):
        registry_services.headcount_record(**record, headcount=10_000_001)
    registry_services.headcount_record(**record, headcount=10_000_000)
    assert Headcount.objects.get().headcount == 10_000_000


def test_a_quantity_above_a_million_tonnes_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="kg is not plausible"):
        supply_services.commodity_upsert(
            actor=None,
            code="WHEAT-FLOUR",
            name="Wheat flour",
            category="cereals",
            base_unit="kg",
            package_size=Decimal("1000000001"),
            package_name="silo",
        )


IPC_HEADER = (
    "Province,Start,Analysed,P1,P2,P3,P4,P5\n"
    "#adm1+code,#date+start,#affected+food+ipc+analysed+num,#affected+food+ipc+p1+num,"
    "#affected+food+ipc+p2+num,#affected+food+ipc+p3+num,#affected+food+ipc+p4+num,"
    "#affected+food+ipc+p5+num\n"
)


def _import_ipc(world: World, rows: str) -> object:
    return monitoring_services.situation_dataset_import(
        actor=None,
        country=world.afghanistan,
        name="Test analysis",
        classification="ipc",
        source="Test",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=(IPC_HEADER + rows).encode(),
    )


def test_ipc_phases_must_hold_the_population_analysed(world: World) -> None:
    with pytest.raises(ImportRejected) as rejected:
        _import_ipc(
            world,
            "AF01,2024-11-01,100000,20000,30000,30000,15000,5000\n"  # line 3: 100 %
            "AF32,2024-11-01,100000,20000,30000,30000,15000,0\n",  # line 4: 95 %
        )
    [problem] = rejected.value.errors
    assert problem.line == 4
    assert "95,000" in problem.message
    assert "100,000" in problem.message

    # Published figures are rounded: within 1 % the phases still hold everyone.
    _import_ipc(world, "AF32,2024-11-01,100000,20000,30000,30000,15000,5900\n")
    stored = PhasePopulation.objects.get()
    stored.phase5 = 0
    with pytest.raises(ValidationError, match="100 %"):
        stored.full_clean()

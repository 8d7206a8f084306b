"""A forecast's expected arrivals link to the waybill or pledge they come from, on the page
and in the API, where the reader may see that record; elsewhere the reference stays text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core import services as core_services
from sunbula.core.models import Role, User
from sunbula.forecasting import selectors, services
from sunbula.forecasting.models import Forecast, ForecastLine
from sunbula.funding import services as funding_services
from sunbula.funding.models import Pledge
from sunbula.programmes.role_limits import role_programmes_set
from sunbula.supply import services as supply_services
from sunbula.supply.models import Waybill
from sunbula.supply.services import LineInput
from tests.conftest import Field, World, client_for, make_persona, ready
from tests.forecasting.conftest import D

pytestmark = pytest.mark.django_db


@dataclass
class OnTheWay:
    forecast: Forecast
    pledge: Pledge
    earmarked: Waybill  # carries goods of the programme's pledge
    unearmarked: Waybill  # carries goods bought for no programme


@pytest.fixture
def on_the_way(world: World, field: Field, admin: User) -> OnTheWay:
    """A forecast of the flour programme with goods pledged to it and two waybills on the
    road to Kabul."""
    ready(field.cycle)
    programme = field.projects.flour.programme
    pledge = funding_services.pledge_record(
        actor=None,
        reference="FFH-AFSP-1",
        donor=world.kazakhstan_government,
        pledged_on=D(2023, 4, 1),
        currency=core_services.currency_upsert(actor=None, code="USD", name="US dollar"),
        amount=Decimal(9000),
        country=world.afghanistan,
        programme=programme,
        budget_year=2023,
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal(20),
        unit="t",
    )
    pledged_lot = supply_services.lot_receive(
        actor=None,
        site=field.centre,
        commodity=field.flour,
        quantity=Decimal(100),
        received_on=D(2023, 5, 3),
        reference="GRN-AFSP",
        lot_reference="LOT-AFSP",
        pledge=pledge,
        expires_on=D(2024, 5, 1),
    )
    supply_services.stock_site_register(
        actor=None, site=world.kabul_warehouse, capacity=Decimal(100000)
    )
    waybills = []
    for lot in (pledged_lot, field.late_lot):
        waybill = supply_services.waybill_create(
            actor=None,
            origin=field.centre,
            destination=world.kabul_warehouse,
            lines=[LineInput(lot=lot, quantity=Decimal(40))],
        )
        waybills.append(
            supply_services.waybill_dispatch(
                actor=None, waybill=waybill, dispatched_on=D(2023, 5, 10)
            )
        )
    forecast = services.forecast_run(
        actor=admin,
        country=world.afghanistan,
        programme=programme,
        as_of=D(2023, 5, 20),
        draws=200,
    )
    return OnTheWay(forecast, pledge, *waybills)


@pytest.fixture
def flour_officer(world: World, field: Field, admin: User) -> User:
    """A programme officer in Afghanistan whose role is limited to the flour programme: goods
    bought for no programme are beyond her reach."""
    officer = make_persona(
        "flour@example.org", Role.PROGRAMME_OFFICER, world.iofs, [world.afghanistan]
    )
    role_programmes_set(
        actor=admin,
        assignment=officer.role_assignments.get(),
        programmes=[field.projects.flour.programme],
    )
    return officer


def _page(user: User, forecast: Forecast) -> str:
    page = client_for(user).get(forecast.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def _api_arrivals(user: User, forecast: Forecast) -> dict[str, str | None]:
    detail = client_for(user).get(f"/api/v1/forecasts/{forecast.pk}/")
    assert detail.status_code == 200
    return {
        arrival["reference"]: arrival["url"]
        for line in detail.json()["lines"]
        for arrival in line["explanation"]["arrivals"]
    }


def test_arrivals_link_to_their_waybill_and_pledge(on_the_way: OnTheWay, officer_afg: User) -> None:
    html = _page(officer_afg, on_the_way.forecast)
    for record in (on_the_way.earmarked, on_the_way.unearmarked):
        assert f'<a href="/en/supply/waybills/{record.pk}/">{record.number}</a>' in html
    pledge = f'<a href="/en/funding/pledges/{on_the_way.pledge.pk}/">FFH-AFSP-1</a>'
    assert pledge in html
    assert _api_arrivals(officer_afg, on_the_way.forecast) == {
        on_the_way.earmarked.number: (
            f"http://testserver/api/v1/supply/waybills/{on_the_way.earmarked.pk}/"
        ),
        on_the_way.unearmarked.number: (
            f"http://testserver/api/v1/supply/waybills/{on_the_way.unearmarked.pk}/"
        ),
        "FFH-AFSP-1": f"http://testserver/api/v1/funding/pledges/{on_the_way.pledge.pk}/",
    }


def test_a_waybill_beyond_the_readers_scope_stays_a_plain_reference(
    on_the_way: OnTheWay, flour_officer: User
) -> None:
    html = _page(flour_officer, on_the_way.forecast)
    earmarked, unearmarked = on_the_way.earmarked, on_the_way.unearmarked
    assert f'<a href="/en/supply/waybills/{earmarked.pk}/">{earmarked.number}</a>' in html
    assert f"{unearmarked.number}:" in html
    assert f"/supply/waybills/{unearmarked.pk}/" not in html
    assert f'<a href="/en/funding/pledges/{on_the_way.pledge.pk}/">' in html
    arrivals = _api_arrivals(flour_officer, on_the_way.forecast)
    assert arrivals[unearmarked.number] is None
    assert arrivals[earmarked.number] == (
        f"http://testserver/api/v1/supply/waybills/{earmarked.pk}/"
    )


def test_the_records_of_every_arrival_on_a_page_are_read_in_one_query(
    on_the_way: OnTheWay, officer_afg: User
) -> None:
    lines = list(ForecastLine.objects.filter(forecast=on_the_way.forecast))
    unknown = ForecastLine(
        explanation={"arrivals": [{"source": "pledge", "reference": "NO-SUCH-PLEDGE"}]}
    )
    selectors.arrival_records(user=officer_afg, lines=lines)  # reads the reader's roles too
    with CaptureQueriesContext(connection) as queries:
        records = selectors.arrival_records(user=officer_afg, lines=[*lines, unknown])
    assert len(queries) == 1
    assert set(records) == {
        ("waybill", on_the_way.earmarked.number),
        ("waybill", on_the_way.unearmarked.number),
        ("pledge", "FFH-AFSP-1"),
    }
    assert selectors.arrivals_named(unknown, records)[0][1] is None

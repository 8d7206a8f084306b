"""Dashboards: the funnel equals the ledgers, whatever happens; pages are scoped and translated."""

from __future__ import annotations

import contextlib
import datetime
import gzip
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.assistance import services as assistance_services
from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.models import Distribution, DistributionTally, Entitlement, ReachedTally
from sunbula.assistance.selectors import people_reached
from sunbula.core.demo import load_core_demo
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, Organisation, Role, Site, User
from sunbula.funding.demo import load_funding_demo
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.programmes.demo import load_programmes_demo
from sunbula.programmes.models import Programme, Project
from sunbula.registry.demo import load_registry_demo
from sunbula.reports.dashboards import Funnel, funnel
from sunbula.supply import services as supply_services
from sunbula.supply.demo import load_supply_demo
from sunbula.supply.models import Lot, MovementKind, StockMovement, Waybill
from tests.assistance.conftest import field  # noqa: F401  (fixture)
from tests.assistance.test_tallies import scene  # noqa: F401  (fixture)
from tests.conftest import client_for, make_persona
from tests.programmes.conftest import projects  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
D = datetime.date
ZERO = Decimal(0)


def _moved(kind: str, *, transit: bool | None = None) -> Decimal:
    movements = StockMovement.objects.filter(kind=kind)
    if transit is not None:
        movements = movements.filter(waybill_line__isnull=not transit)
    return movements.aggregate(total=Sum("quantity"))["total"] or ZERO


def ledger_funnel() -> dict[str, Decimal]:
    """The funnel computed straight from the ledgers: money tables and stock movements."""
    pledges = Pledge.objects.exclude(status=Pledge.Status.CANCELLED)
    transit_losses = -_moved(MovementKind.LOSS, transit=True)
    return {
        "pledged": pledges.aggregate(total=Sum("amount_usd"))["total"] or ZERO,
        "committed": Commitment.objects.filter(pledge__in=pledges).aggregate(
            total=Sum("amount_usd")
        )["total"]
        or ZERO,
        "paid": Payment.objects.filter(commitment__pledge__in=pledges).aggregate(
            total=Sum("amount_usd")
        )["total"]
        or ZERO,
        "received": _moved(MovementKind.RECEIPT),
        "dispatched": -_moved(MovementKind.DISPATCH),
        "delivered": _moved(MovementKind.TRANSFER_IN) - transit_losses,
        "distributed": Distribution.objects.aggregate(total=Sum("quantity"))["total"] or ZERO,
        "lost_in_transit": transit_losses,
        "lost_in_store": -_moved(MovementKind.LOSS, transit=False)
        - _moved(MovementKind.ADJUSTMENT),
        "in_stock": StockMovement.objects.aggregate(total=Sum("quantity"))["total"] or ZERO,
    }


def shown(board: Funnel) -> dict[str, Decimal]:
    trace = board.trace
    return {
        "pledged": board.money.pledged_usd,
        "committed": board.money.committed_usd,
        "paid": board.money.paid_usd,
        "received": trace.received,
        "dispatched": trace.dispatched,
        "delivered": trace.delivered,
        "distributed": trace.distributed,
        "lost_in_transit": trace.lost_in_transit,
        "lost_in_store": trace.lost_in_store,
        "in_stock": trace.in_stock,
    }


def _quiet(_line: str) -> None:
    return None


@pytest.fixture
def demo(db: None) -> None:
    for loader in (
        load_core_demo,
        load_registry_demo,
        load_programmes_demo,
        load_funding_demo,
        load_supply_demo,
        load_assistance_demo,
    ):
        loader(_quiet)


@pytest.fixture
def director(demo: None) -> User:
    return make_persona(
        "director@example.org", Role.ADMINISTRATOR, Organisation.objects.get(acronym="IOFS"), []
    )


def test_the_home_funnel_equals_the_ledgers_on_the_demo(director: User) -> None:
    expected = ledger_funnel()
    assert expected["distributed"] > 0 and expected["lost_in_transit"] > 0
    assert shown(funnel(user=director)) == expected

    page = client_for(director).get("/en/")
    assert page.status_code == 200
    cells = re.findall(r'data-stage="(\d+)">([^<]*)<', page.content.decode())
    money, goods = cells[:3], cells[3:10]
    as_number = lambda text: Decimal(text.replace(",", ""))  # noqa: E731
    assert [as_number(value) for _stage, value in money] == [
        expected["pledged"].quantize(Decimal(1)),
        expected["committed"].quantize(Decimal(1)),
        expected["paid"].quantize(Decimal(1)),
    ]
    assert [as_number(value) for _stage, value in goods] == [
        expected[name].quantize(Decimal(1))
        for name in (
            "received",
            "dispatched",
            "delivered",
            "distributed",
            "in_stock",
            "lost_in_transit",
            "lost_in_store",
        )
    ]


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("distribute"),
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=1, max_value=30),
            st.integers(min_value=0, max_value=1),
        ),
        st.tuples(
            st.just("store loss"),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=1, max_value=20),
            st.just(0),
        ),
        st.tuples(
            st.just("waybill"),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=1, max_value=40),
            st.integers(min_value=0, max_value=10),
        ),
        st.tuples(
            st.just("receive"),
            st.just(0),
            st.integers(min_value=1, max_value=100),
            st.integers(min_value=0, max_value=1),
        ),
    ),
    min_size=1,
    max_size=10,
)


def _apply(
    step: tuple[str, int, int, int], entitlements: list[Entitlement], sites: list[Site]
) -> None:
    kind, which, kilograms, extra = step
    quantity = Decimal(kilograms)
    lots = list(Lot.objects.order_by("pk"))
    if kind == "distribute":
        assistance_services.distribution_record(
            actor=None,
            entitlement=entitlements[which],
            site=sites[extra],
            quantity=quantity,
            distributed_on=D(2023, 6, 10),
        )
    elif kind == "store loss":
        lot = lots[which % len(lots)]
        balance = lot.balances.filter(quantity__gt=0).first()  # type: ignore[attr-defined]
        if balance is not None:
            supply_services.stock_loss_record(
                actor=None,
                site=balance.site,
                lot=lot,
                quantity=quantity,
                reference="LOSS",
                cause="spoilage",
            )
    elif kind == "waybill":
        lot = lots[which % len(lots)]
        balance = lot.balances.filter(quantity__gt=0).first()  # type: ignore[attr-defined]
        if balance is None:
            return
        destination = sites[1] if balance.site_id == sites[0].pk else sites[0]
        waybill = supply_services.waybill_create(
            actor=None,
            origin=balance.site,
            destination=destination,
            lines=[supply_services.LineInput(lot, quantity)],
        )
        supply_services.waybill_dispatch(actor=None, waybill=waybill, dispatched_on=D(2023, 6, 5))
        line = waybill.lines.get()  # type: ignore[attr-defined]
        lost = min(Decimal(extra), quantity)
        supply_services.waybill_receive(
            actor=None,
            waybill=Waybill.objects.get(pk=waybill.pk),
            received_on=D(2023, 6, 6),
            lines=[
                supply_services.ReceivedLine(
                    line,
                    quantity - lost,
                    "transport_damage" if lost else "",
                    "before_custody" if lost else "",
                )
            ],
        )
    else:
        supply_services.lot_receive(
            actor=None,
            site=sites[extra],
            commodity=lots[0].commodity,
            quantity=quantity,
            received_on=D(2023, 5, 4),
            reference="GRN-MORE",
        )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=steps)
def test_the_funnel_equals_the_ledgers_after_random_operations(
    scene: tuple[list[Entitlement], list[Site], int],  # noqa: F811
    admin: User,
    operations: list[tuple[str, int, int, int]],
) -> None:
    entitlements, sites, _pledge = scene
    with transaction.atomic():
        for step in operations:
            # A refused step (too much, not in stock) writes nothing; the next goes on.
            with contextlib.suppress(DomainError, ValidationError):
                _apply(step, entitlements, sites)
        assert shown(funnel(user=admin)) == ledger_funnel()
        transaction.set_rollback(True)


def test_an_officer_sees_only_the_chain_in_their_countries(demo: None) -> None:
    iofs = Organisation.objects.get(acronym="IOFS")
    kazakhstan = Country.objects.get(iso3="KAZ")
    officer = make_persona("kaz@example.org", Role.PROGRAMME_OFFICER, iofs, [kazakhstan])
    board = funnel(user=officer)
    afghan = Q(country__iso3="AFG")
    assert Lot.objects.filter(afghan).exists()
    assert board.trace.distributed == ZERO
    assert board.trace.received == (
        Lot.objects.filter(country=kazakhstan).aggregate(total=Sum("quantity_received"))["total"]
        or ZERO
    )
    assert board.money.pledged_usd == (
        Pledge.objects.filter(country=kazakhstan)
        .exclude(status=Pledge.Status.CANCELLED)
        .aggregate(total=Sum("amount_usd"))["total"]
        or ZERO
    )
    client = client_for(officer)
    assert client.get("/en/reports/dashboards/countries/AFG/").status_code == 404
    assert client.get("/en/reports/dashboards/countries/KAZ/").status_code == 200
    afghan_project = Project.objects.filter(recipient_country__iso3="AFG").first()
    assert afghan_project is not None
    assert client.get(f"/en/reports/dashboards/projects/{afghan_project.pk}/").status_code == 404


def _pages(director: User) -> list[str]:
    project = Project.objects.get(code="AFSP-FFH-2023")
    programme = Programme.objects.filter(projects=project).first()
    assert programme is not None
    return [
        "/{lang}/",
        "/{lang}/reports/dashboards/",
        "/{lang}/reports/dashboards/countries/AFG/",
        f"/{{lang}}/reports/dashboards/programmes/{programme.pk}/",
        f"/{{lang}}/reports/dashboards/projects/{project.pk}/",
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_dashboards_are_translated_within_budget_and_rtl_in_arabic(
    director: User, language: str
) -> None:
    client = client_for(director)
    for pattern in _pages(director):
        response = client.get(pattern.format(lang=language))
        assert response.status_code == 200, pattern
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert ('dir="rtl"' in html) == (language == "ar")
        assert "From pledge to plate" not in html and "People reached" not in html, pattern
        assert len(gzip.compress(response.content)) <= 14 * 1024, pattern
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html


def test_the_country_map_shades_the_provinces_that_were_reached(director: User) -> None:
    html = client_for(director).get("/en/reports/dashboards/countries/AFG/").content.decode()
    assert "People reached, by province" in html
    assert "AF01" in html  # Kabul: the Kabul treatment centre was served


def test_the_rebuild_command_gives_back_what_the_services_kept(director: User) -> None:
    before = shown(funnel(user=director)), people_reached(user=director)
    DistributionTally.objects.all().delete()
    ReachedTally.objects.all().delete()
    assert shown(funnel(user=director))["distributed"] == ZERO
    output = io.StringIO()
    call_command("summaries_rebuild", stdout=output)
    assert "rebuilt" in output.getvalue()
    assert (shown(funnel(user=director)), people_reached(user=director)) == before


def test_dashboards_never_read_the_distributions(director: User) -> None:
    """Pages read the summary tables: no query touches a distribution or draw row."""
    client = client_for(director)
    for pattern in _pages(director):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(pattern.format(lang="en")).status_code == 200
        raw = [
            query["sql"]
            for query in queries.captured_queries
            if '"assistance_distribution"' in query["sql"] or '"assistance_draw"' in query["sql"]
        ]
        assert raw == [], pattern

"""Shared fixtures: a little reference data, the personas the tests speak about, and the demo.

State is set up by calling services, the way the product itself does it. A test that asks for
`demo` runs on the whole demo (what `sunbula demo` loads), loaded once per test run; every
other database test starts from an empty database.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.management.color import no_style
from django.core.servers.basehttp import WSGIServer
from django.db import connection, transaction
from django.db.models import F, Model
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sunbula.assistance import services as assistance_services
from sunbula.assistance.models import Cycle, Entitlement, RationKind
from sunbula.core import services, signin
from sunbula.core.demo import load_demo
from sunbula.core.models import AdminArea, Country, Organisation, Role, Site, User
from sunbula.core.reference import (
    HOME_ACRONYM,
    HOME_NAME_TRANSLATIONS,
    HOME_ORGANISATION,
    load_reference_data,
)
from sunbula.funding import services as funding_services
from sunbula.funding.models import Payment
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.registry import services as registry_services
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply import append_only
from sunbula.supply import services as supply_services
from sunbula.supply.models import Commodity, Lot
from tests.browser.guide import VIEWPORT as GUIDE_VIEWPORT
from tests.second_factor import authenticator_for

PASSWORD = "correct-horse-battery"
T = TypeVar("T")
D = datetime.date

# A real Chromium (Debian's) driven by Playwright, shared by every browser test in the run;
# a failing browser test leaves a screenshot in test-artifacts/.
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# How long an assertion on a page waits for it to hold: both database passes, their live
# servers and two browsers share two cores, where a page sent can take seconds to answer.
EXPECT_TIMEOUT_MS = 20_000


class _OneRequestAtATime(WSGIServer):
    """The live server, answering one request after another: on SQLite the test database is
    one connection in memory, which the threads of Django's threaded server would share,
    so that two requests at once (a redirect followed while the post before it still closes)
    run their statements into each other."""

    def __init__(self, *args: Any, connections_override: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop; Django must allow its ORM beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport=GUIDE_VIEWPORT)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


REGISTRY_TEST_KEY = Fernet.generate_key().decode()

# What every test runs with, and the state some tests share (the demo, a module's walk) is
# built with:
# - personal data encrypted with a key made for this test run;
# - quick password hashing: hashing strength is Django's concern, tests need many accounts;
# - an API without throttling: every test client calls from the same address, and only the
#   throttle's own tests limit it;
# - static files found when asked for, instead of listed each time a test client starts:
#   tests render templates without running collectstatic first.
TEST_SETTINGS: dict[str, Any] = {
    "REGISTRY_KEYS": [REGISTRY_TEST_KEY],
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "API_RATE_USER": "1000000/second",
    "API_RATE_ANON": "1000000/second",
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "WHITENOISE_AUTOREFRESH": True,
}


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise() -> Iterator[None]:
    """A language one test activates never leaks into the next."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing cached: a test's rolled-back writes can leave the newest
    audit entry's id as it was, and cached figures must not outlive their data."""
    cache.clear()


DEMO = "_demo_once"
NO_DATABASE = 3


def _demo_order(item: pytest.Item) -> int:
    """Where a test runs: pytest-django runs database tests before transactional ones; tests on
    the demo run after both, so the demo is loaded once and every test before them sees an
    empty database."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        marker
        and (
            marker.kwargs.get("transaction")
            or marker.kwargs.get("reset_sequences")
            or any(marker.args[:2])
        )
    )
    names = getattr(item, "fixturenames", ())
    if transactional or "transactional_db" in names or "live_server" in names:
        return 1
    if DEMO in names:
        return 2
    if marker or "db" in names:
        return 0
    return NO_DATABASE


ONCE_ON_SQLITE = pytest.mark.skip(reason="touches no database: run once, in the SQLite pass")
MARKUP_ON_SQLITE = pytest.mark.skip(
    reason="checks the pages' markup, which no database changes: run once, in the SQLite pass"
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_demo_order)
    # A test that touches no database (source scans, settings, commands run on a database
    # of their own) answers the same whatever DATABASE_URL says: the SQLite pass runs it.
    if connection.vendor != "sqlite":
        for item in items:
            if _demo_order(item) == NO_DATABASE:
                item.add_marker(ONCE_ON_SQLITE)
            elif item.get_closest_marker("markup"):
                item.add_marker(MARKUP_ON_SQLITE)


@pytest.fixture(autouse=True)
def _append_only_ledger_flushable(request: pytest.FixtureRequest) -> Iterator[None]:
    """A transactional test's database is emptied when it ends; PostgreSQL truncates, which
    the stock ledger's row triggers do not see, but SQLite deletes, which they refuse. On
    SQLite every table is emptied here first, in one transaction with the triggers lifted
    and put back, so the flush that follows finds nothing to delete."""
    if _demo_order(request.node) != 1:
        yield
        return
    request.getfixturevalue("transactional_db")  # its flush runs after this teardown
    yield
    if connection.vendor != "sqlite":
        return
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in (
            *append_only.SQLITE_REVERSE,
            *statements,
            *append_only.SQLITE_FORWARD,
        ):
            cursor.execute(statement)


@contextmanager
def kept_for_tests(
    build: Callable[[], T], blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[T]:
    """What `build` writes, kept for several tests: built once inside a transaction that stays
    open until they have all run, and rolled back then; each test runs in a savepoint of its
    own, rolled back when it ends. Tests read it through `afresh`."""
    with (
        blocker.unblock(),
        override_settings(**TEST_SETTINGS, VAR_DIR=tmp_path_factory.mktemp("kept-var")),
        translation.override("en"),
        transaction.atomic(),
    ):
        built = build()
        # PostgreSQL checks deferred foreign keys when each test ends; checked here once, the
        # rows built are not checked again in every test's savepoint.
        connection.check_constraints()
        yield built
        transaction.set_rollback(True)


def kept_for_the_module(build: Callable[[], T], *, name: str) -> Any:
    """A fixture `name`, of the module's scope: what `build` writes, kept for the module's
    tests (`kept_for_tests`). A test asks for it through a fixture that hands it `afresh`."""

    @pytest.fixture(scope="module", name=name)
    def built_once(
        django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[T]:
        with kept_for_tests(build, django_db_blocker, tmp_path_factory) as built:
            yield built

    return built_once


def afresh(state: T) -> T:
    """State kept for several tests as the database holds it: each record read again, each
    client a copy of the one built (its cookies, so its session, as they were), records and
    clients inside dataclasses alike. What one test changes in memory never reaches the next."""
    if isinstance(state, Model):
        return type(state)._base_manager.get(pk=state.pk)  # type: ignore[return-value]
    if isinstance(state, Client):
        client = copy.copy(state)
        client.cookies = copy.deepcopy(state.cookies)
        return client  # type: ignore[return-value]
    if dataclasses.is_dataclass(state) and not isinstance(state, type):
        return dataclasses.replace(  # type: ignore[type-var]
            state,
            **{
                field.name: afresh(getattr(state, field.name))
                for field in dataclasses.fields(state)
                if field.init
            },
        )
    return state


@pytest.fixture(scope="session")
def _demo_once(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The whole demo, kept for every test on it."""
    with kept_for_tests(
        lambda: load_demo(log=lambda _line: None), django_db_blocker, tmp_path_factory
    ):
        yield


@pytest.fixture
def demo(request: pytest.FixtureRequest, _demo_once: None, db: None) -> None:
    """The whole demo; what a test changes in it is rolled back when the test ends.

    Transactional tests (live_server, transaction=True) empty the database after themselves,
    so they run before the demo is loaded and load what they need themselves.
    """
    if _demo_order(request.node) == 1:
        pytest.fail("a transactional test cannot share the demo; load what it needs in the test")


@pytest.fixture
def director(demo: None) -> User:
    """An administrator at IOFS headquarters, on the demo."""
    return make_persona(
        "director@example.org", Role.ADMINISTRATOR, Organisation.objects.get(acronym="IOFS"), []
    )


@dataclass
class World:
    afghanistan: Country
    kazakhstan: Country
    kabul: AdminArea
    hirat: AdminArea
    iofs: Organisation
    kazakhstan_government: Organisation
    kabul_warehouse: Site
    almaty_warehouse: Site


@pytest.fixture
def world(db: None) -> World:
    afghanistan = services.country_upsert(
        actor=None,
        iso2="AF",
        iso3="AFG",
        name="Afghanistan",
        name_translations={"ar": "أفغانستان", "fr": "Afghanistan", "ru": "Афганистан"},
    )
    kazakhstan = services.country_upsert(
        actor=None,
        iso2="KZ",
        iso3="KAZ",
        name="Kazakhstan",
        name_translations={"ar": "كازاخستان", "fr": "Kazakhstan", "ru": "Казахстан"},
    )
    for country in (afghanistan, kazakhstan):
        services.member_state_upsert(actor=None, country=country, iofs_membership="member")
    kabul = services.admin_area_upsert(
        actor=None,
        country=afghanistan,
        p_code="AF01",
        pcode_set_version="AFG 2021-11-17",
        level=1,
        name="Kabul",
        name_translations={"ar": "كابل"},
        iso_3166_2="AF-KAB",
    )
    hirat = services.admin_area_upsert(
        actor=None,
        country=afghanistan,
        p_code="AF32",
        pcode_set_version="AFG 2021-11-17",
        level=1,
        name="Hirat",
        name_translations={"ar": "هرات"},
        iso_3166_2="AF-HER",
    )
    iofs = services.organisation_create(
        actor=None,
        name="Islamic Organization for Food Security",
        acronym="IOFS",
        kind="igo",
        iati_type="40",
        name_translations={"ar": "المنظمة الإسلامية للأمن الغذائي"},
    )
    kazakhstan_government = services.organisation_create(
        actor=None,
        name="Government of the Republic of Kazakhstan",
        kind="government",
        iati_type="10",
        country=kazakhstan,
    )
    kabul_warehouse = services.site_create(
        actor=None,
        name="Kabul warehouse",
        kind="warehouse",
        country=afghanistan,
        admin_area=kabul,
        operating_organisation=iofs,
    )
    almaty_warehouse = services.site_create(
        actor=None,
        name="Almaty transit warehouse",
        kind="warehouse",
        country=kazakhstan,
        operating_organisation=iofs,
    )
    return World(
        afghanistan,
        kazakhstan,
        kabul,
        hirat,
        iofs,
        kazakhstan_government,
        kabul_warehouse,
        almaty_warehouse,
    )


def make_persona(
    email: str,
    role: Role | None,
    organisation: Organisation,
    countries: list[Country],
    full_name: str = "",
) -> User:
    user = services.user_create(actor=None, email=email, password=PASSWORD, full_name=full_name)
    if role is not None:
        services.role_grant(
            actor=None, user=user, role=role, organisation=organisation, countries=countries
        )
    return user


@dataclass
class AfterSetup:
    """What `sunbula setup --countries AFG` leaves: reference data with Afghanistan's admin
    areas, the home organisation and its first administrator."""

    home: Organisation
    admin: User
    afghanistan: Country
    kazakhstan: Country


@pytest.fixture
def after_setup(db: None) -> AfterSetup:
    return sunbula_setup()


def sunbula_setup() -> AfterSetup:
    """What `sunbula setup --countries AFG` leaves, written on the database."""
    load_reference_data(lambda _line: None, countries=["AFG"])
    home = services.organisation_create(
        actor=None,
        name=HOME_ORGANISATION,
        name_translations=HOME_NAME_TRANSLATIONS,
        acronym=HOME_ACRONYM,
        kind="igo",
        iati_type="40",
    )
    admin = services.user_create(
        actor=None, email="head@example.org", password=PASSWORD, is_staff=True
    )
    services.role_grant(actor=None, user=admin, role=Role.ADMINISTRATOR, organisation=home)
    return AfterSetup(home, admin, Country.objects.get(iso3="AFG"), Country.objects.get(iso3="KAZ"))


@pytest.fixture
def admin(world: World) -> User:
    return make_persona("admin@example.org", Role.ADMINISTRATOR, world.iofs, [])


@pytest.fixture
def officer_afg(world: World) -> User:
    return make_persona(
        "officer.afg@example.org", Role.PROGRAMME_OFFICER, world.iofs, [world.afghanistan]
    )


@pytest.fixture
def officer_kaz(world: World) -> User:
    return make_persona(
        "officer.kaz@example.org", Role.PROGRAMME_OFFICER, world.iofs, [world.kazakhstan]
    )


@pytest.fixture
def reader_acting_in_kazakhstan(world: World) -> User:
    """An M&E officer in every country who is also a programme officer for Kazakhstan: reads
    everywhere, changes and approves only in Kazakhstan."""
    reader = make_persona("reader@example.org", Role.ME_OFFICER, world.iofs, [])
    services.role_grant(
        actor=None,
        user=reader,
        role=Role.PROGRAMME_OFFICER,
        organisation=world.iofs,
        countries=[world.kazakhstan],
    )
    return reader


@pytest.fixture
def donor_viewer(world: World) -> User:
    return make_persona("donor@example.org", Role.DONOR_VIEWER, world.kazakhstan_government, [])


@pytest.fixture
def protection_officer(world: World) -> User:
    user = make_persona(
        "protection@example.org", Role.PROTECTION_OFFICER, world.iofs, [world.afghanistan]
    )
    services.protection_clearance_grant(actor=None, user=user, reason="Registry work")
    return user


@pytest.fixture
def outsider(world: World) -> User:
    """Signed in, but holds no role anywhere."""
    return make_persona("outsider@example.org", None, world.iofs, [])


def client_for(user: User, **defaults: Any) -> Client:
    """A client signed in as `user`, past the second factor where one is owed (as if the
    code had been given: tests of the second factor itself sign in through the pages)."""
    client = Client(**defaults)
    client.force_login(user)
    session = client.session
    fresh = User.objects.get(pk=user.pk)
    signin.session_begin(session, fresh)
    if signin.session_owes(session, fresh) is not None:
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(fresh).persistent_id
    session.save()
    client.cookies[signin.SEEN_COOKIE] = signin.seen_cookie_value(session)
    return client


def page_text(user: User, url: str) -> str:
    """The page at `url` as `user` reads it (refused unless it answers 200)."""
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@dataclass
class Projects:
    flour: Project
    almaty: Project
    tonnes: Indicator
    year: ReportingPeriod


@pytest.fixture
def projects(world: World, admin: User) -> Projects:
    usd = services.currency_upsert(actor=None, code="USD", name="US dollar")
    programme = programme_services.programme_create(
        actor=None,
        code="AFSP",
        name="Afghanistan Food Security Programme",
        name_translations={"ar": "برنامج الأمن الغذائي في أفغانستان"},
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    flour = programme_services.project_create(
        actor=None,
        code="FFH-2023",
        title="Flour for Humanity",
        title_translations={"ar": "الدقيق من أجل الإنسانية"},
        description="Wheat flour for treatment centres.",
        programme=programme,
        recipient_country=world.afghanistan,
        status="2",
        planned_start=datetime.date(2023, 1, 1),
        planned_end=datetime.date(2023, 12, 31),
        currency=usd,
    )
    programme_services.project_locations_set(
        actor=None, project=flour, locations=[(world.hirat, Decimal(100))]
    )
    programme_services.project_sectors_set(
        actor=None, project=flour, sectors=[("72040", Decimal(100))]
    )
    programme_services.participant_add(actor=None, project=flour, organisation=world.iofs, role="4")
    # Kazakhstan funds the flour (its donor viewer reads the project), not the transit stock.
    programme_services.participant_add(
        actor=None, project=flour, organisation=world.kazakhstan_government, role="1"
    )
    almaty = programme_services.project_create(
        actor=None,
        code="KAZ-TRANSIT",
        title="Almaty transit stock",
        description="Stock held for onward shipment.",
        programme=programme,
        recipient_country=world.kazakhstan,
        status="2",
        planned_start=datetime.date(2023, 1, 1),
        planned_end=datetime.date(2023, 12, 31),
        currency=usd,
    )
    result = programme_services.result_create(
        actor=None, project=flour, level="1", title="Flour delivered"
    )
    tonnes = programme_services.indicator_create(
        actor=None, result=result, title="Tonnes delivered", measure="1", unit="t", by_sex=True
    )
    year = programme_services.reporting_period_create(
        actor=None,
        project=flour,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    return Projects(flour=flour, almaty=almaty, tonnes=tonnes, year=year)


def flour_upsert() -> Commodity:
    return supply_services.commodity_upsert(
        actor=None,
        code="WHEAT-FLOUR",
        name="Wheat flour",
        name_translations={"ar": "دقيق القمح", "fr": "Farine de blé", "ru": "Пшеничная мука"},
        category="cereals",
        base_unit="kg",
        package_size=Decimal(50),
        package_name="50 kg bag",
        kcal_per_kg=3640,
        shelf_life_days=365,
    )


def in_kind_payment(world: World, reference: str = "FFH-KAZ", tonnes: str = "30") -> Payment:
    """Kazakhstan's wheat flour in kind: pledged, committed and delivered (paid)."""
    usd = services.currency_upsert(actor=None, code="USD", name="US dollar")
    pledge = funding_services.pledge_record(
        actor=None,
        reference=reference,
        donor=world.kazakhstan_government,
        pledged_on=D(2023, 2, 1),
        currency=usd,
        amount=Decimal(13500),
        country=world.afghanistan,
        budget_year=2023,
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal(tonnes),
        unit="t",
    )
    commitment = funding_services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2023, 3, 1), amount=pledge.amount
    )
    return funding_services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2023, 5, 15),
        amount=pledge.amount,
        currency=usd,
        quantity=Decimal(tonnes),
    )


@dataclass
class Field:
    """A small Afghan set-up: a flour project, a centre holding two flour lots, a household
    of three, a treatment centre of 40 residents, and a household cycle ready to freeze."""

    projects: Projects
    flour: Commodity
    centre: Site
    early_lot: Lot
    late_lot: Lot
    household: Household
    mother: Person
    institution: Institution
    cycle: Cycle


@pytest.fixture
def field(world: World, projects: Projects) -> Field:
    flour = flour_upsert()
    centre = services.site_create(
        actor=None,
        name="Herat drug-treatment centre",
        kind="treatment_centre",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    supply_services.stock_site_register(actor=None, site=centre, capacity=Decimal(100000))
    late_lot = supply_services.lot_receive(
        actor=None,
        site=centre,
        commodity=flour,
        quantity=Decimal(1000),
        received_on=D(2023, 5, 1),
        reference="GRN-LATE",
        lot_reference="LOT-LATE",
        expires_on=D(2024, 5, 1),
    )
    early_lot = supply_services.lot_receive(
        actor=None,
        site=centre,
        commodity=flour,
        quantity=Decimal(200),
        received_on=D(2023, 5, 2),
        reference="GRN-EARLY",
        lot_reference="LOT-EARLY",
        expires_on=D(2023, 12, 1),
    )
    household = registry_services.household_create(
        actor=None,
        country=world.afghanistan,
        reference="HH-1",
        admin_area=world.hirat,
        displacement_status="idp",
    )
    mother = registry_services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Fatima",
        sex="F",
        birth_date="1985",
        household=household,
        external_id="P-MOTHER",
    )
    for given, sex, year in (("Ahmad", "M", "1983"), ("Zahra", "F", "2015")):
        registry_services.person_register(
            actor=None,
            country=world.afghanistan,
            given_name=given,
            sex=sex,
            birth_date=year,
            household=household,
        )
    institution = registry_services.institution_create(
        actor=None, name="Herat drug-treatment centre", kind="treatment_centre", site=centre
    )
    registry_services.headcount_record(
        actor=None,
        institution=institution,
        counted_on=D(2023, 5, 1),
        headcount=40,
        verified_by="Monitoring officer",
        method="site_visit",
    )
    cycle = assistance_services.cycle_create(
        actor=None,
        project=projects.flour,
        country=world.afghanistan,
        name="Herat households, June 2023",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    assistance_services.ration_line_set(
        actor=None, cycle=cycle, commodity=flour, quantity=Decimal(50)
    )
    assistance_services.eligibility_rule_add(
        actor=None, cycle=cycle, field="admin_area", value="AF32"
    )
    return Field(
        projects, flour, centre, early_lot, late_lot, household, mother, institution, cycle
    )


def ready(cycle: Cycle) -> Entitlement:
    """Freeze, compute and approve; the first entitlement."""
    assistance_services.beneficiary_list_freeze(actor=None, cycle=cycle)
    assistance_services.entitlements_compute(actor=None, cycle=cycle)
    assistance_services.entitlements_approve(actor=None, cycle=cycle)
    return Entitlement.objects.filter(cycle=cycle).order_by("pk").first()  # type: ignore[return-value]


def around_today(cycle: Cycle) -> None:
    """Move a cycle to thirty days around today, for a page that hands over today, and the
    expiry of the lots on hand by as much: they stay in date, first to expire first out."""
    start = timezone.localdate() - datetime.timedelta(days=10)
    moved = start - cycle.period_start
    assistance_services.cycle_update(
        actor=None,
        cycle=cycle,
        period_start=start,
        period_end=start + datetime.timedelta(days=29),
    )
    Lot.objects.filter(expires_on__isnull=False).update(expires_on=F("expires_on") + moved)


def served_flour(field: Field, *references: str) -> None:
    """Ten kg of flour handed out at the centre to each beneficiary named, on the cycle's
    first day (after `scene` has readied the cycle)."""
    assistance_services.distribution_batch_record(
        actor=None,
        cycle=field.cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=field.cycle.period_start,
        rows=[assistance_services.BatchRow(reference, Decimal(10)) for reference in references],
    )


@pytest.fixture
def scene(field: Field, world: World) -> tuple[list[Entitlement], list[Site], int]:
    """Five households in Herat, two stores, small lots (two of them one pledge's)."""
    for number, status in enumerate(("returnee", "host", "idp", "refugee"), start=2):
        household = registry_services.household_create(
            actor=None,
            country=world.afghanistan,
            reference=f"HH-{number}",
            admin_area=world.hirat,
            displacement_status=status,
        )
        for given_name, sex, year in (("Maryam", "F", "1990"), ("Omid", "M", "2012"))[
            : 1 + number % 2
        ]:
            registry_services.person_register(
                actor=None,
                country=world.afghanistan,
                given_name=given_name,
                sex=sex,
                birth_date=year,
                household=household,
            )
    store = services.site_create(
        actor=None,
        name="Herat city store",
        kind="warehouse",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    supply_services.stock_site_register(actor=None, site=store, capacity=Decimal(100000))
    payment = in_kind_payment(world)
    for site, quantity, expires in (
        (field.centre, "40", D(2023, 7, 1)),
        (field.centre, "35", D(2023, 7, 2)),
        (store, "60", D(2023, 7, 1)),
    ):
        supply_services.lot_receive(
            actor=None,
            site=site,
            commodity=field.flour,
            quantity=Decimal(quantity),
            received_on=D(2023, 5, 3),
            reference=f"GRN-{site.pk}-{quantity}",
            payment=payment,
            expires_on=expires,
        )
    supply_services.lot_receive(
        actor=None,
        site=store,
        commodity=field.flour,
        quantity=Decimal(500),
        received_on=D(2023, 5, 3),
        reference="GRN-STORE",
        expires_on=D(2024, 5, 2),
    )
    assistance_services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    assistance_services.entitlements_compute(actor=None, cycle=field.cycle)
    assistance_services.entitlements_approve(actor=None, cycle=field.cycle)
    entitlements = list(Entitlement.objects.filter(cycle=field.cycle).order_by("pk"))
    return entitlements, [field.centre, store], payment.commitment.pledge_id

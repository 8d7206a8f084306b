"""Shared fixtures: a little reference data and the personas the tests speak about.

State is set up by calling services, the way the product itself does it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.utils import translation
from playwright.sync_api import Browser, Page, sync_playwright

from sunbula.core import services
from sunbula.core.models import AdminArea, Country, Organisation, Role, Site, User

PASSWORD = "correct-horse-battery"

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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop; Django must allow its ORM beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
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


@pytest.fixture(autouse=True)
def _registry_key(settings: object) -> None:
    """Personal data in tests is encrypted with a key made for this test run."""
    settings.REGISTRY_KEYS = [REGISTRY_TEST_KEY]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise() -> Iterator[None]:
    """A language one test activates never leaks into the next."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """Hashing strength is Django's concern; tests need many accounts quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _plain_static_files(settings: object) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
    email: str, role: Role | None, organisation: Organisation, countries: list[Country]
) -> User:
    user = services.user_create(actor=None, email=email, password=PASSWORD)
    if role is not None:
        services.role_grant(
            actor=None, user=user, role=role, organisation=organisation, countries=countries
        )
    return user


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


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client

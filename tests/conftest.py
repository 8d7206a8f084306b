"""Shared fixtures: a little reference data and the personas the tests speak about.

State is set up by calling services, the way the product itself does it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from sunbula.core import services
from sunbula.core.models import AdminArea, Country, Organisation, Role, Site, User

PASSWORD = "correct-horse-battery"


REGISTRY_TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _registry_key(settings: object) -> None:
    """Personal data in tests is encrypted with a key made for this test run."""
    settings.REGISTRY_KEYS = [REGISTRY_TEST_KEY]  # type: ignore[attr-defined]


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

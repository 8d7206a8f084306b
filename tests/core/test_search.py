"""One search box: records found by reference or name, only as far as the user may see them;
people only for protection officers, across scripts, through the look-up hashes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.funding import services as funding_services
from sunbula.registry import services as registry
from sunbula.registry.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def karimi(world: World) -> Person:
    return registry.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Abdul Rahman",
        family_name="Karimi",
        phone="+93 70 012 3456",
        id_document_type="tazkira",
        id_number="1400-0101-77",
    )


def _titles(client_user: User, query: str) -> list[str]:
    answer = client_for(client_user).get(reverse("search-list"), {"q": query})
    assert answer.status_code == 200
    return [hit["title"] for hit in answer.json()]


def test_a_site_is_found_by_a_part_of_its_name_within_the_users_countries(
    officer_afg: User, officer_kaz: User
) -> None:
    assert _titles(officer_afg, "kabul WARE") == ["Kabul warehouse"]
    assert _titles(officer_kaz, "kabul ware") == []
    assert _titles(officer_kaz, "almaty") == ["Almaty transit warehouse"]


def test_a_query_of_under_three_characters_finds_nothing(officer_afg: User) -> None:
    assert _titles(officer_afg, "ka") == []
    page = client_for(officer_afg).get(reverse("core:search"), {"q": "ka"})
    assert "at least three characters" in page.content.decode()


@pytest.mark.parametrize(
    "query",
    ["Abdul Rahman Karimi", "abdulrahman karimi", "Abdolrahman Kareemi", "عبد الرحمن كريمي"],
)
def test_a_protection_officer_finds_a_person_by_name_in_any_script_or_spelling(
    protection_officer: User, karimi: Person, query: str
) -> None:
    assert _titles(protection_officer, query) == ["Abdul Rahman Karimi"]


@pytest.mark.parametrize(
    "query",
    ["Karimi", "كريمي", "Kareemi", "Abdul Rahman", "عبد الرحمن", "Karimi Abdul Rahman"],
)
def test_a_person_is_found_by_the_family_or_the_given_name_alone_or_family_name_first(
    protection_officer: User, karimi: Person, query: str
) -> None:
    assert _titles(protection_officer, query) == ["Abdul Rahman Karimi"]


def test_a_person_is_found_by_reference(protection_officer: User, karimi: Person) -> None:
    assert _titles(protection_officer, f"P-{karimi.pk}") == ["Abdul Rahman Karimi"]
    assert _titles(protection_officer, f"p-{karimi.pk}") == ["Abdul Rahman Karimi"]
    assert _titles(protection_officer, f"P-{karimi.pk + 1}") == []


def test_a_name_alone_finds_no_one_else(protection_officer: User, karimi: Person) -> None:
    assert _titles(protection_officer, "Stanikzai") == []
    assert _titles(protection_officer, "Rahman") == []  # a part of a compound given name


def test_an_erased_person_is_no_longer_found_by_a_name(
    protection_officer: User, karimi: Person, admin: User
) -> None:
    registry.person_erase(actor=admin, person=karimi, reason="Asked to be forgotten")
    assert _titles(protection_officer, "Karimi") == []
    assert _titles(protection_officer, "Abdul Rahman") == []


@pytest.mark.parametrize("query", ["0700123456", "+93 700 123 456", "1400 0101 77"])
def test_a_protection_officer_finds_a_person_by_phone_or_identity_number(
    protection_officer: User, karimi: Person, query: str
) -> None:
    assert _titles(protection_officer, query) == ["Abdul Rahman Karimi"]


def test_finding_a_person_is_recorded_as_a_reading_of_personal_data(
    protection_officer: User, karimi: Person
) -> None:
    _titles(protection_officer, "Abdul Rahman Karimi")
    entry = AuditEntry.objects.filter(actor=protection_officer).latest("pk")
    assert entry.after["people"] == [karimi.pk]
    assert entry.after["channel"] == "search"


def test_without_clearance_nobody_is_found_by_name_phone_or_number(
    officer_afg: User, karimi: Person
) -> None:
    for query in ("Abdul Rahman Karimi", "0700123456", "1400-0101-77"):
        assert _titles(officer_afg, query) == []
    page = client_for(officer_afg).get(reverse("core:search"), {"q": "Abdul Rahman Karimi"})
    assert "Nothing you may see matches." in page.content.decode()
    assert karimi.get_absolute_url() not in page.content.decode()


def test_the_page_links_each_hit_to_its_record(admin: User, world: World) -> None:
    page = client_for(admin).get(reverse("core:search"), {"q": "transit"})
    assert page.status_code == 200
    assert f'href="{world.almaty_warehouse.get_absolute_url()}"' in page.content.decode()


def test_a_pledge_is_found_by_its_donors_name_within_the_users_countries(
    world: World, officer_afg: User, officer_kaz: User
) -> None:
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    funding_services.pledge_record(
        actor=None,
        reference="KZ-SEARCH-1",
        donor=world.kazakhstan_government,
        pledged_on=datetime.date(2023, 4, 1),
        currency=usd,
        amount=Decimal(1000),
        country=world.afghanistan,
        budget_year=2023,
    )

    def pledge_found(user: User, query: str) -> bool:
        return any(title.startswith("KZ-SEARCH-1 ·") for title in _titles(user, query))

    assert pledge_found(officer_afg, "republic of KAZAKH")
    assert pledge_found(officer_afg, "search-1")
    assert not pledge_found(officer_afg, "Tajikistan")
    assert not pledge_found(officer_kaz, "republic of kazakh")


TRIGRAM_INDEXES = {
    "registry_household": {
        "registry_household_reference_trgm",
        "registry_household_external_id_trgm",
    },
    "funding_pledge": {"funding_pledge_reference_trgm"},
    "supply_lot": {"supply_lot_reference_trgm", "supply_lot_batch_trgm"},
    # The events list searches the three together: one without an index reads every event.
    "learning_event": {
        "learning_event_title_trgm",
        "learning_event_title_translations_trgm",
        "learning_event_venue_trgm",
    },
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_the_large_tables_searched_by_part_of_a_word_have_trigram_indexes() -> None:
    """On PostgreSQL the search's `icontains` on the tables that grow to thousands of rows
    is answered by a trigram index over the same expression; SQLite has none to offer."""
    with connection.cursor() as cursor:
        for table, names in TRIGRAM_INDEXES.items():
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
            )
            found = dict(cursor.fetchall())
            for name in names:
                assert name in found, (table, name)
                assert "gin_trgm_ops" in found[name] and "upper(" in found[name]


@pytest.mark.parametrize("query", ["Kabul", "flour", "DEMO", "KAZ", "Herat", "Almaty", "transit"])
def test_every_kind_finds_what_its_own_query_finds(demo: None, query: str) -> None:
    """On PostgreSQL the kinds' first matches are read in one query; the groups are those
    each kind's own query finds, for every persona of the demo."""
    from sunbula.core import search

    ordered = [source for _order, source in sorted(search._sources, key=lambda entry: entry[0])]
    found_any = False
    for user in User.objects.filter(is_active=True):
        one_by_one = [group for group in (source(user, query) for source in ordered) if group]
        expected = [(str(group.kind), group.hits) for group in one_by_one if group.hits]
        found = [(str(group.kind), group.hits) for group in search.search(user, query)]
        assert found == expected, user.email
        found_any = found_any or bool(found)
    assert found_any

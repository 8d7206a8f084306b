"""A phone number is one number whether a phone keyboard typed it in 0-9, Persian (۰۷۰۰) or
Arabic-Indic (٠٧٠٠) digits: for the duplicate queue, the search and the matcher's blocks."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.registry import protection, selectors, services
from sunbula.registry.matching import phone_key
from sunbula.registry.models import DuplicatePair, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

PERSIAN = "۰۷۰۰ ۱۱۱ ۲۲۲"
ARABIC_INDIC = "+٩٣ ٧٠٠ ١١١ ٢٢٢"
LATIN = "0700 111 222"


def _register(world: World, given: str, phone: str) -> Person:
    return services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name=given,
        family_name="Karimi",
        admin_area=world.hirat,
        sex="F",
        phone=phone,
    )


def test_one_number_in_three_scripts_has_one_key() -> None:
    assert protection.phone_hash(PERSIAN) == protection.phone_hash(LATIN)
    assert protection.phone_hash(ARABIC_INDIC) == protection.phone_hash(LATIN)
    assert phone_key(PERSIAN) == phone_key(LATIN) == "00111222"
    assert protection.phone_hash("۰۷۰۰ ۱۱۱ ۲۲۳") != protection.phone_hash(LATIN)


def test_the_same_phone_typed_in_persian_digits_sends_the_pair_to_the_queue(
    world: World,
) -> None:
    first = _register(world, "Fatima", LATIN)
    second = _register(world, "فاطمه", PERSIAN)
    pair = DuplicatePair.objects.get()
    assert (pair.person_1, pair.person_2) == (first, second)
    assert "same_phone" in pair.evidence


def test_a_person_is_found_by_a_phone_typed_in_either_digits(
    world: World, protection_officer: User
) -> None:
    person = _register(world, "Fatima", PERSIAN)
    found = selectors.person_list(user=protection_officer, phone=LATIN)
    assert list(found) == [person]
    page = client_for(protection_officer).get("/en/registry/people/", {"phone": "٠٧٠٠١١١٢٢٢"})
    assert page.status_code == 200
    assert person.get_absolute_url() in page.content.decode()

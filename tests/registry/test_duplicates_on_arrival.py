"""Each new registration or import meets the registry: likely duplicates wait for a reviewer,
with the evidence, found through the look-up hashes; nothing is merged without a person."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.core.worker import run_pending
from sunbula.registry import services
from sunbula.registry.models import DuplicatePair, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _register(world: World, given: str, family: str = "Karimi", **values: str) -> Person:
    if values.get("id_number"):
        values.setdefault("id_document_type", "tazkira")
    return services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name=given,
        family_name=family,
        admin_area=world.hirat,
        sex="F",
        **values,
    )


def test_registering_the_same_phone_twice_sends_the_pair_to_the_queue(world: World) -> None:
    first = _register(world, "Fatima", phone="+93 700 111 222")
    second = _register(world, "Fatema", phone="0700 111 222")
    pair = DuplicatePair.objects.get()
    assert (pair.person_1, pair.person_2) == (first, second)
    assert pair.status == DuplicatePair.Status.PENDING
    assert set(pair.evidence) == {"same_name", "same_phone", "same_area", "same_sex"}
    assert 0.35 <= pair.score < 0.97
    assert Person.objects.filter(status=Person.Status.ACTIVE).count() == 2  # nothing merged


def test_a_namesake_alone_is_not_queued_and_different_numbers_cap_the_score(
    world: World,
) -> None:
    _register(world, "Fatima", id_number="1400-1")
    _register(world, "Fatima", id_number="1400-2")
    assert not DuplicatePair.objects.exists()
    third = _register(world, "Fatima", phone="0700 111 222", id_number="1400-3")
    fourth = _register(world, "Fatima", phone="0700 111 222", id_number="1400-4")
    pair = DuplicatePair.objects.get()
    assert (pair.person_1, pair.person_2) == (third, fourth)
    assert "other_id_number" in pair.evidence and pair.score <= 0.5


def test_a_correction_that_makes_two_records_meet_is_matched(world: World) -> None:
    first = _register(world, "Fatima", id_number="AF-77")
    second = _register(world, "Zahra", family="Ahmadzai")
    assert not DuplicatePair.objects.exists()
    services.person_update(actor=None, person=second, id_document_type="tazkira", id_number="af 77")
    pair = DuplicatePair.objects.get()
    assert {pair.person_1, pair.person_2} == {first, second}
    assert pair.evidence == ["same_id_number", "same_area", "same_sex"]


def test_an_imported_row_meets_the_registry_and_the_queue_page_shows_why(
    officer_afg: User, protection_officer: User, world: World
) -> None:
    existing = _register(world, "Fatima", phone="+93 700 111 222")
    content = (
        "external_id,given_name,family_name,sex,phone,admin_area\n"
        "K-1,فاطمه,کریمی,F,0700111222,AF32\n"
        "K-2,Zahra,Ahmadzai,F,,AF01\n"
    ).encode()
    client_for(officer_afg).post(
        "/en/registry/imports/",
        {"country": world.afghanistan.pk, "file": SimpleUploadedFile("people.csv", content)},
    )
    run_pending()
    pair = DuplicatePair.objects.get()
    assert pair.person_1 == existing
    assert pair.person_2.external_id == "K-1"
    page = client_for(protection_officer).get("/en/registry/duplicates/")
    assert "Same phone" in page.content.decode()
    assert "Same name, in any script or spelling" in page.content.decode()

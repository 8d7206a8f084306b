"""From a person's page or the API, whoever maintains the registry sends two records of one
country to the duplicates review queue; a record they cannot see is refused like a missing one."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.registry import services
from sunbula.registry.matching import REVIEW_PROBABILITY
from sunbula.registry.models import DuplicatePair
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _twin(world: World) -> object:
    return services.person_register(
        actor=None, country=world.afghanistan, given_name="Muhammad", external_id="KOBO-2"
    )


def test_a_possible_duplicate_is_flagged_from_the_person_page(
    people: People, world: World, officer_afg: User
) -> None:
    twin = _twin(world)
    client = client_for(officer_afg)
    url = f"/en/registry/people/{people.afghan.pk}/flag-duplicate/"
    assert url in client.get(f"/en/registry/people/{people.afghan.pk}/").content.decode()
    entries = AuditEntry.objects.count()
    checked = client.post(f"{url}?validate=1", {"other": people.afghan.pk})
    assert checked.status_code == 200 and AuditEntry.objects.count() == entries
    assert client.post(url, {"other": twin.pk}).status_code == 302  # type: ignore[attr-defined]
    pair = DuplicatePair.objects.get()
    assert pair.status == DuplicatePair.Status.PENDING and pair.score == REVIEW_PROBABILITY
    again = client.post(url, {"other": twin.pk})  # type: ignore[attr-defined]
    assert again.status_code == 422
    assert "in the review queue already" in str(again.context["form"].errors)
    assert DuplicatePair.objects.count() == 1


def test_a_possible_duplicate_is_flagged_through_the_api(
    people: People, world: World, officer_afg: User
) -> None:
    twin = _twin(world)
    client = client_for(officer_afg)
    made = client.post(
        f"/api/v1/registry/people/{people.afghan.pk}/flag-duplicate/",
        {"other": twin.pk},  # type: ignore[attr-defined]
        content_type=JSON,
    )
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "pending"
    assert DuplicatePair.objects.get().pk == made.json()["id"]


def test_records_out_of_scope_are_refused_like_missing_ones(
    people: People, world: World, officer_afg: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    url = f"/en/registry/people/{people.afghan.pk}/flag-duplicate/"
    outside = client.post(url, {"other": people.kazakh.pk})
    missing = client.post(url, {"other": 987654})
    assert outside.status_code == missing.status_code == 422
    api = f"/api/v1/registry/people/{people.afghan.pk}/flag-duplicate/"
    far = client.post(api, {"other": people.kazakh.pk}, content_type=JSON)
    gone = client.post(api, {"other": 987654}, content_type=JSON)
    assert far.status_code == gone.status_code == 400
    assert far.json()["other"][0].replace(str(people.kazakh.pk), "?") == gone.json()["other"][
        0
    ].replace("987654", "?")
    kaz = client_for(officer_kaz)
    assert kaz.get(url).status_code == 404
    assert kaz.post(api, {"other": people.kazakh.pk}, content_type=JSON).status_code == 404
    assert not DuplicatePair.objects.exists()

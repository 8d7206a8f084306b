"""A record merged into another as a confirmed duplicate is held as it is, as an erased one
is: its pages to change it answer 409 with its page and why (naming the record it was merged
into), its page offers no change, the API refuses (409), and flagging it, or a pair already
in the queue, says so instead of claiming the pair was queued. Undoing the merge frees it."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import User
from sunbula.registry import services
from sunbula.registry.models import Consent, DuplicatePair, Farmer, Merge, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
FORMS = ("edit/", "consents/", "farm/", "flag-duplicate/")


def _merged(world: World, reviewer: User) -> tuple[Person, Person, DuplicatePair]:
    """Two records of one person, confirmed from the review queue: the newer is merged."""
    kept = services.person_register(
        actor=None, country=world.afghanistan, given_name="Ali", birth_date="1980"
    )
    merged = services.person_register(
        actor=None, country=world.afghanistan, given_name="علي", birth_date="1980"
    )
    pair = services.duplicate_pair_flag(actor=None, person_1=kept, person_2=merged, score=0.8)
    confirmed = client_for(reviewer).post(f"/en/registry/duplicates/{pair.pk}/confirm/")
    assert confirmed.status_code == 302
    merged.refresh_from_db()
    assert merged.status == Person.Status.CONFIRMED_DUPLICATE and merged.duplicate_of == kept
    return kept, merged, pair


def _why(kept: Person, merged: Person) -> str:
    return (
        f"P-{merged.pk} was merged into P-{kept.pk} as a duplicate: the record cannot "
        f"change. Change P-{kept.pk}, or undo the merge."
    )


def test_a_merged_records_pages_refuse_every_change_with_why(
    world: World, officer_afg: User, protection_officer: User
) -> None:
    kept, merged, _pair = _merged(world, protection_officer)
    client = client_for(officer_afg)
    page = client.get(f"/en/registry/people/{merged.pk}/").content.decode()
    for form in FORMS:
        assert f"/en/registry/people/{merged.pk}/{form}" not in page, form
    consent = {"purpose": "registration", "given_on": "2024-02-01", "method": "written"}
    posted = {
        "edit/": {"displacement_status": "idp"},
        "consents/": consent,
        "farm/": {"farm_area_ha": "1.5", "tenure": "owner", "irrigation": "canal"},
        "flag-duplicate/": {"other": kept.pk},
    }
    for form, body in posted.items():
        url = f"/en/registry/people/{merged.pk}/{form}"
        for refused in (client.get(url), client.post(url, body)):
            assert refused.status_code == 409, form
            shown = refused.content.decode().replace("&#x27;", "'")
            assert _why(kept, merged) in shown, form
            assert f"P-{merged.pk}" in shown
    merged.refresh_from_db()
    assert merged.displacement_status == "resident"
    assert not Consent.objects.exists() and not Farmer.objects.exists()
    assert DuplicatePair.objects.count() == 1
    # The record it was merged into still changes.
    page = client.get(f"/en/registry/people/{kept.pk}/").content.decode()
    assert f"/en/registry/people/{kept.pk}/consents/" in page
    done = client.post(f"/en/registry/people/{kept.pk}/consents/", consent)
    assert done.status_code == 302


def test_the_api_refuses_every_change_to_a_merged_record(
    world: World, officer_afg: User, protection_officer: User
) -> None:
    kept, merged, _pair = _merged(world, protection_officer)
    client = client_for(officer_afg)
    base = f"/api/v1/registry/people/{merged.pk}/"
    calls = [
        client.patch(base, {"displacement_status": "idp"}, content_type=JSON),
        client.post(
            f"{base}consents/",
            {"purpose": "registration", "given_on": "2024-02-01", "method": "written"},
            content_type=JSON,
        ),
        client.post(
            f"{base}farm/",
            {"farm_area_ha": "1.5", "tenure": "owner", "irrigation": "canal"},
            content_type=JSON,
        ),
        client.post(f"{base}flag-duplicate/", {"other": kept.pk}, content_type=JSON),
        client.post(
            f"/api/v1/registry/people/{kept.pk}/flag-duplicate/",
            {"other": merged.pk},
            content_type=JSON,
        ),
    ]
    for refused in calls:
        assert refused.status_code == 409
        assert refused.json() == {"detail": _why(kept, merged)}
    merged.refresh_from_db()
    assert merged.displacement_status == "resident"
    assert not Consent.objects.exists() and not Farmer.objects.exists()


def test_flagging_a_merged_record_from_the_kept_ones_page_says_why(
    world: World, officer_afg: User, protection_officer: User
) -> None:
    kept, merged, _pair = _merged(world, protection_officer)
    refused = client_for(officer_afg).post(
        f"/en/registry/people/{kept.pk}/flag-duplicate/", {"other": merged.pk}
    )
    assert refused.status_code == 422
    assert _why(kept, merged) in str(refused.context["form"].errors)
    assert DuplicatePair.objects.count() == 1


def test_a_pair_in_the_queue_already_is_not_said_to_be_queued(
    world: World, officer_afg: User
) -> None:
    one = services.person_register(actor=None, country=world.afghanistan, given_name="Omar")
    other = services.person_register(actor=None, country=world.afghanistan, given_name="Umar")
    waiting = services.duplicate_pair_flag(actor=None, person_1=one, person_2=other, score=0.6)
    client = client_for(officer_afg)
    known = f"P-{one.pk} and P-{other.pk} are in the review queue already."
    page = client.post(f"/en/registry/people/{other.pk}/flag-duplicate/", {"other": one.pk})
    assert page.status_code == 422
    assert known in str(page.context["form"].errors)
    assert "The pair is in the review queue." not in page.content.decode()
    api = client.post(
        f"/api/v1/registry/people/{one.pk}/flag-duplicate/", {"other": other.pk}, content_type=JSON
    )
    assert api.status_code == 409 and api.json() == {"detail": known}
    assert list(DuplicatePair.objects.all()) == [waiting]
    waiting.refresh_from_db()
    assert waiting.score == 0.6  # a person's flag does not lower the matcher's score


def test_a_pair_a_reviewer_dismissed_is_not_queued_again(
    world: World, officer_afg: User, protection_officer: User
) -> None:
    one = services.person_register(actor=None, country=world.afghanistan, given_name="Omar")
    other = services.person_register(actor=None, country=world.afghanistan, given_name="Umar")
    pair = services.duplicate_pair_flag(actor=None, person_1=one, person_2=other, score=0.6)
    services.duplicate_pair_dismiss(actor=protection_officer, pair=pair)
    page = client_for(officer_afg).post(
        f"/en/registry/people/{one.pk}/flag-duplicate/", {"other": other.pk}
    )
    assert page.status_code == 422
    assert "are two people" in str(page.context["form"].errors)
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED


def test_after_the_merge_is_undone_the_record_changes_again(
    world: World, officer_afg: User, protection_officer: User
) -> None:
    _kept, merged, pair = _merged(world, protection_officer)
    merge = Merge.objects.get(duplicate=merged)
    undone = client_for(protection_officer).post(f"/en/registry/merges/{merge.pk}/undo/")
    assert undone.status_code == 302
    merged.refresh_from_db()
    assert merged.status == Person.Status.ACTIVE and merged.change_problem() == ""
    client = client_for(officer_afg)
    page = client.get(f"/en/registry/people/{merged.pk}/").content.decode()
    for form in FORMS:
        assert f"/en/registry/people/{merged.pk}/{form}" in page, form
    consent = client.post(
        f"/en/registry/people/{merged.pk}/consents/",
        {"purpose": "registration", "given_on": "2024-02-01", "method": "written"},
    )
    assert consent.status_code == 302
    assert Consent.objects.get().person == merged
    patched = client.patch(
        f"/api/v1/registry/people/{merged.pk}/", {"displacement_status": "idp"}, content_type=JSON
    )
    assert patched.status_code == 200
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.PENDING


def test_the_model_says_why_a_merged_record_cannot_change(world: World) -> None:
    kept = services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    merged = services.person_register(actor=None, country=world.afghanistan, given_name="Gol")
    services.person_merge(actor=None, survivor=kept, duplicate=merged)
    merged.refresh_from_db()
    assert merged.change_problem() == _why(kept, merged)
    assert kept.change_problem() == ""
    with pytest.raises(services.RegistryError):
        services.consent_record(
            actor=None,
            person=merged,
            purpose="registration",
            given_on=datetime.date(2024, 1, 1),
            method="written",
        )

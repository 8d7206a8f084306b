"""A consent of a person whose record is held (merged into another as a duplicate, or whose
data was erased) is not withdrawn: the page and the API refuse it as a conflict, saying why
in the reader's language, and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages

from sunbula.core.models import AuditEntry, User
from sunbula.registry import services
from sunbula.registry.models import Consent, Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
ERASED = "This person's data has been erased: the record cannot change."


def _merged(world: World) -> Consent:
    """The consent of a record merged into another."""
    kept = services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    merged = services.person_register(actor=None, country=world.afghanistan, given_name="Gol")
    consent = services.consent_record(
        actor=None,
        person=merged,
        purpose="registration",
        given_on=datetime.date(2024, 1, 1),
        method="verbal",
    )
    services.person_merge(actor=None, survivor=kept, duplicate=merged)
    return consent


def _merged_why(consent: Consent) -> str:
    person = Person.objects.get(pk=consent.person_id)
    return (
        f"P-{person.pk} was merged into P-{person.duplicate_of_id} as a duplicate: the record "
        f"cannot change. Change P-{person.duplicate_of_id}, or undo the merge."
    )


def _erased(people: People, protection_officer: User) -> Consent:
    """The consent of a person whose data was erased."""
    consent = people.afghan.consents.get()
    services.person_erase(actor=protection_officer, person=people.afghan, reason="Asked to")
    return consent


def _untouched(consent: Consent) -> None:
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert not AuditEntry.objects.filter(
        action="registry.consent.updated", object_id=str(consent.pk)
    ).exists()


def _page_refusal(user: User, consent: Consent, language: str = "en") -> str:
    refused = client_for(user).post(f"/{language}/registry/consents/{consent.pk}/withdraw/")
    assert refused.status_code == 409
    [said] = [str(message) for message in get_messages(refused.wsgi_request)]
    return said


def test_the_page_refuses_to_withdraw_a_merged_records_consent(
    world: World, officer_afg: User
) -> None:
    consent = _merged(world)

    assert _page_refusal(officer_afg, consent) == _merged_why(consent)
    _untouched(consent)


def test_the_api_refuses_to_withdraw_a_merged_records_consent(
    world: World, officer_afg: User
) -> None:
    consent = _merged(world)

    refused = client_for(officer_afg).post(f"/api/v1/registry/consents/{consent.pk}/withdraw/")

    assert refused.status_code == 409 and refused.json() == {"detail": _merged_why(consent)}
    _untouched(consent)


def test_the_page_refuses_to_withdraw_an_erased_persons_consent_in_arabic(
    people: People, protection_officer: User
) -> None:
    consent = _erased(people, protection_officer)

    assert _page_refusal(protection_officer, consent) == ERASED
    said = _page_refusal(protection_officer, consent, "ar")
    assert said != ERASED and any("\u0600" <= letter <= "\u06ff" for letter in said)
    _untouched(consent)


def test_the_api_refuses_to_withdraw_an_erased_persons_consent(
    people: People, protection_officer: User
) -> None:
    consent = _erased(people, protection_officer)

    refused = client_for(protection_officer).post(
        f"/api/v1/registry/consents/{consent.pk}/withdraw/"
    )

    assert refused.status_code == 409 and refused.json() == {"detail": ERASED}
    _untouched(consent)


def test_the_service_refuses_it_too(world: World, officer_afg: User) -> None:
    consent = _merged(world)

    with pytest.raises(services.RegistryError):
        services.consent_withdraw(actor=officer_afg, consent=consent)
    _untouched(consent)

"""A consent is withdrawn once: withdrawing it again (a second click, a page left open, the
API) is refused as a conflict in the reader's language, and the day it was withdrawn stays
as recorded, with no second audit entry."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages

from sunbula.core.models import AuditEntry, User
from sunbula.registry import services
from sunbula.registry.models import Consent
from tests.conftest import client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
WITHDRAWN_ALREADY = "This consent has been withdrawn already."


@pytest.fixture
def withdrawn(people: People, officer_afg: User) -> Consent:
    consent = people.afghan.consents.get()
    return services.consent_withdraw(
        actor=officer_afg, consent=consent, on=datetime.date(2024, 3, 1)
    )


def _withdrawals(consent: Consent) -> int:
    return AuditEntry.objects.filter(
        action="registry.consent.updated", object_id=str(consent.pk)
    ).count()


def test_the_page_refuses_a_second_withdrawal(withdrawn: Consent, officer_afg: User) -> None:
    client = client_for(officer_afg)

    again = client.post(f"/en/registry/consents/{withdrawn.pk}/withdraw/")

    assert again.status_code == 409
    assert WITHDRAWN_ALREADY in [str(message) for message in get_messages(again.wsgi_request)]
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_on == datetime.date(2024, 3, 1)
    assert _withdrawals(withdrawn) == 1


def test_the_refusal_reads_in_arabic(withdrawn: Consent, officer_afg: User) -> None:
    again = client_for(officer_afg).post(f"/ar/registry/consents/{withdrawn.pk}/withdraw/")

    assert again.status_code == 409
    [said] = [str(message) for message in get_messages(again.wsgi_request)]
    assert said != WITHDRAWN_ALREADY and any("\u0600" <= letter <= "\u06ff" for letter in said)


def test_the_api_refuses_a_second_withdrawal(withdrawn: Consent, officer_afg: User) -> None:
    again = client_for(officer_afg).post(f"/api/v1/registry/consents/{withdrawn.pk}/withdraw/")

    assert again.status_code == 409 and again.json() == {"detail": WITHDRAWN_ALREADY}
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_on == datetime.date(2024, 3, 1)

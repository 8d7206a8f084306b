"""A freed place goes to the first person waiting, with an offer that expires and moves on."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail

from sunbula.core.models import ScheduleRun
from sunbula.core.schedules import run_due
from sunbula.learning import services
from sunbula.learning.models import Registration
from tests.conftest import World
from tests.learning.conftest import Workshop, approved, at, register

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _full_with_two_waiting(workshop: Workshop, world: World) -> list[Registration]:
    people = [
        approved(workshop.event, world.afghanistan, "Amina One"),
        approved(workshop.event, world.kazakhstan, "Bolat Two"),
        approved(workshop.event, world.kazakhstan, "Chinara Three"),
        approved(workshop.event, world.afghanistan, "Dawood Four"),
    ]
    return [Registration.objects.get(pk=person.pk) for person in people]


def test_approvals_beyond_capacity_join_the_waiting_list(workshop: Workshop, world: World) -> None:
    people = _full_with_two_waiting(workshop, world)
    assert [person.status for person in people] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]


def test_a_withdrawal_offers_the_place_to_the_first_waiting(
    workshop: Workshop, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    first, _second, third, fourth = _full_with_two_waiting(workshop, world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_withdraw(actor=None, registration=first, now=at(8))
        # The offer leaves once the withdrawal is committed, not while the event is locked.
        assert mail.outbox == []
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.OFFERED
    assert third.offer_expires_at == at(8) + datetime.timedelta(hours=services.OFFER_HOURS)
    assert fourth.status == Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[third.email]]


def test_an_accepted_offer_becomes_a_place(workshop: Workshop, world: World) -> None:
    first, _second, third, _fourth = _full_with_two_waiting(workshop, world)
    services.registration_withdraw(actor=None, registration=first, now=at(8))
    services.offer_accept(actor=None, registration=third, now=at(9))
    third.refresh_from_db()
    assert third.status == Status.APPROVED
    assert third.offer_expires_at is None


def test_an_expired_offer_passes_to_the_next(workshop: Workshop, world: World) -> None:
    first, _second, third, fourth = _full_with_two_waiting(workshop, world)
    services.registration_withdraw(actor=None, registration=first, now=at(8))
    # Not yet expired: nothing moves.
    assert services.offers_expire(actor=None, now=at(8) + datetime.timedelta(hours=47)) == 0
    later = at(8) + datetime.timedelta(hours=49)
    assert services.offers_expire(actor=None, now=later) == 1
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.OFFER_EXPIRED
    assert fourth.status == Status.OFFERED
    assert fourth.offer_expires_at == later + datetime.timedelta(hours=services.OFFER_HOURS)
    with pytest.raises(services.RegistrationRefused):
        services.offer_accept(actor=None, registration=third, now=later)


def test_an_expired_offer_cannot_be_accepted_before_the_sweep(
    workshop: Workshop, world: World
) -> None:
    first, _second, third, _fourth = _full_with_two_waiting(workshop, world)
    services.registration_withdraw(actor=None, registration=first, now=at(8))
    with pytest.raises(services.RegistrationRefused):
        services.offer_accept(
            actor=None, registration=third, now=at(8) + datetime.timedelta(days=3)
        )


def test_without_approval_registrations_are_confirmed_until_full(world: World) -> None:
    from tests.learning.conftest import make_event

    event = make_event(capacity=1, approval_required=False)
    first = register(event, world.afghanistan, "Amina One")
    second = register(event, world.kazakhstan, "Bolat Two")
    assert (first.status, second.status) == (Status.APPROVED, Status.WAITLISTED)


def test_the_sweep_runs_on_its_schedule(workshop: Workshop, world: World, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    first, _second, third, fourth = _full_with_two_waiting(workshop, world)
    services.registration_withdraw(actor=None, registration=first, now=at(8))
    with time_machine.travel(at(8) + datetime.timedelta(hours=49), tick=False):
        assert "learning.offers_lapse" in run_due()
        assert "learning.offers_lapse" not in run_due()
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (Status.OFFER_EXPIRED, Status.OFFERED)
    assert ScheduleRun.objects.get(name="learning.offers_lapse").message == "1 lapsed"

"""Writes to events, their sessions, registration questions and delegations."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import create_audited, given_fields, step_audited, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, User
from sunbula.learning.models import (
    Delegation,
    Event,
    EventSession,
    Question,
)
from sunbula.programmes.models import Programme, Project


class EventFields(TypedDict, total=False):
    """What `event_create` takes besides the title; a field left out takes the model's default."""

    title_translations: dict[str, str]
    objectives: str
    objectives_translations: dict[str, str]
    audience: str
    audience_translations: dict[str, str]
    kind: str
    modality: str
    programme: Programme | None
    project: Project | None
    country: Country | None
    venue: str
    meeting_link: str
    time_zone: str
    starts_on: datetime.date
    ends_on: datetime.date
    working_language: str
    interpretation_languages: list[str]
    capacity: int | None
    registration_opens: datetime.datetime | None
    registration_closes: datetime.datetime | None
    approval_required: bool
    certificate_share: Decimal
    is_illustrative: bool


EVENT_FIELDS = tuple(EventFields.__annotations__)


class EventChanges(EventFields, total=False):
    """What `event_update` may change: any field of `EventFields`, and the title."""

    title: str


EVENT_CHANGES = tuple(EventChanges.__annotations__)


class SessionChanges(TypedDict, total=False):
    title: str
    title_translations: dict[str, str]
    starts_at: datetime.datetime
    ends_at: datetime.datetime


SESSION_CHANGES = tuple(SessionChanges.__annotations__)


class EventCancelled(DomainError):
    status_code = 409


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _refuse_if_cancelled(event: Event) -> None:
    if event.cancelled_at is not None:
        raise EventCancelled(_("This event is cancelled; it can no longer be changed."))


@transaction.atomic
def event_create(*, actor: User | None, title: str, **fields: Unpack[EventFields]) -> Event:
    values = given_fields("event_create", fields, EVENT_FIELDS)
    return create_audited(actor=actor, model=Event, values={"title": title, **values})


@transaction.atomic
def event_update(*, actor: User | None, event: Event, **changes: Unpack[EventChanges]) -> Event:
    """Correct an event; a cancelled event stays as it was."""
    values = given_fields("event_update", changes, EVENT_CHANGES)
    _refuse_if_cancelled(_lock(event))
    return update_audited(actor=actor, obj=event, values=values)


@transaction.atomic
def event_cancel(
    *, actor: User | None, event: Event, reason: str, now: datetime.datetime | None = None
) -> Event:
    """Cancel an event with its reason; registration closes with it."""
    event = _lock(event)
    _refuse_if_cancelled(event)
    now = now or timezone.now()
    closes = event.registration_closes
    return step_audited(
        actor=actor,
        obj=event,
        verb="cancelled",
        values={
            "cancelled_at": now,
            "cancellation_reason": reason.strip(),
            "registration_closes": min(closes, now) if closes else now,
            "registration_opens": min(event.registration_opens, now)
            if event.registration_opens
            else None,
        },
        fields=("cancelled_at", "cancellation_reason", "registration_closes"),
    )


@transaction.atomic
def event_registration_close(
    *, actor: User | None, event: Event, now: datetime.datetime | None = None
) -> Event:
    """Close registration now, by hand; closing what is already closed changes nothing."""
    event = _lock(event)
    now = now or timezone.now()
    if event.registration_closes is not None and event.registration_closes <= now:
        raise EventCancelled(_("Registration is already closed."))
    return step_audited(
        actor=actor,
        obj=event,
        verb="registration_closed",
        values={
            "registration_closes": now,
            "registration_opens": min(event.registration_opens, now)
            if event.registration_opens
            else None,
        },
        fields=("registration_opens", "registration_closes"),
    )


@transaction.atomic
def session_add(
    *,
    actor: User | None,
    event: Event,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title_translations: dict[str, str] | None = None,
) -> EventSession:
    return create_audited(
        actor=actor,
        model=EventSession,
        values={
            "event": event,
            "title": title,
            "title_translations": title_translations or {},
            "starts_at": starts_at,
            "ends_at": ends_at,
        },
    )


@transaction.atomic
def session_update(
    *, actor: User | None, session: EventSession, **changes: Unpack[SessionChanges]
) -> EventSession:
    values = given_fields("session_update", changes, SESSION_CHANGES)
    _refuse_if_cancelled(session.event)
    return update_audited(actor=actor, obj=session, values=values)


@transaction.atomic
def question_add(
    *,
    actor: User | None,
    event: Event,
    label: str,
    kind: str,
    required: bool = False,
    choices: Sequence[str] = (),
    shown_if: Question | None = None,
    shown_if_answer: str = "",
    label_translations: dict[str, str] | None = None,
    position: int = 0,
) -> Question:
    return create_audited(
        actor=actor,
        model=Question,
        values={
            "event": event,
            "label": label,
            "label_translations": label_translations or {},
            "kind": kind,
            "required": required,
            "choices": list(choices),
            "shown_if": shown_if,
            "shown_if_answer": shown_if_answer,
            "position": position,
        },
    )


@transaction.atomic
def delegation_create(
    *, actor: User | None, event: Event, country: Country, focal_point: User, quota: int
) -> Delegation:
    return create_audited(
        actor=actor,
        model=Delegation,
        values={"event": event, "country": country, "focal_point": focal_point, "quota": quota},
    )

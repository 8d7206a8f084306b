"""Writes to events, their sessions, registration questions and delegations."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sunbula.core.access import scope_for
from sunbula.core.audit import (
    create_audited,
    given_fields,
    remove_audited,
    step_audited,
    update_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import date_text, number_text
from sunbula.core.models import Country, User
from sunbula.learning.models import (
    Delegation,
    Event,
    EventSession,
    Question,
    Registration,
)
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.services.registrations import HOLDS_A_PLACE
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
    if refusal := event.change_problem():
        raise EventCancelled(refusal)


def _refuse_if_ended(event: Event, now: datetime.datetime) -> None:
    if refusal := event.ended_problem(now):
        raise EventCancelled(refusal)


def _check_registration_within(event: Event) -> None:
    """Registration cannot open or close after the event has ended, and closes when it
    starts at the latest (`Event.registration_deadline`): a later closing time would promise
    registration the event no longer takes."""
    if event.ends_on is None or event.starts_on is None:
        return  # the model's own checks name what is missing
    end = event.end_of_last_day
    for name in ("registration_opens", "registration_closes"):
        moment = getattr(event, name)
        if moment is not None and moment >= end:
            raise ValidationError(
                {
                    name: _("This is after the event ends (%(date)s).")
                    % {"date": date_text(event.ends_on)}
                }
            )
    closes = event.registration_closes
    if closes is not None and closes > event.start_of_first_day:
        raise ValidationError(
            {
                "registration_closes": _(
                    "This is after the event starts (%(date)s); registration closes by then "
                    "at the latest."
                )
                % {"date": date_text(event.starts_on)}
            }
        )


def _check_sessions_within(event: Event) -> None:
    """New days (or a new time zone) keep every session on the event's days, read in its
    time zone as `_check_session_within` reads them."""
    if event.ends_on < event.starts_on:
        return  # the model's own check names the end
    bounds = event.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    first: datetime.datetime | None = bounds["first"]
    last: datetime.datetime | None = bounds["last"]
    outside = _("A session on %(date)s would fall outside these days; move or remove it first.")
    if first is not None and first < event.start_of_first_day:
        day = date_text(first.astimezone(event.zone).date())
        raise ValidationError({"starts_on": outside % {"date": day}})
    if last is not None and last > event.end_of_last_day:
        day = date_text(last.astimezone(event.zone).date())
        raise ValidationError({"ends_on": outside % {"date": day}})


def _check_places_given(event: Event) -> None:
    """A smaller capacity still holds the places already given (approved, or offered)."""
    given = Registration.objects.filter(event=event, status__in=HOLDS_A_PLACE).count()
    if event.capacity is not None and event.capacity < given:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "%(given)s place is already given; the capacity cannot be fewer.",
                    "%(given)s places are already given; the capacity cannot be fewer.",
                    given,
                )
                % {"given": number_text(given)}
            }
        )


@transaction.atomic
def event_create(*, actor: User | None, title: str, **fields: Unpack[EventFields]) -> Event:
    values = given_fields("event_create", fields, EVENT_FIELDS)
    _check_registration_within(Event(**values))
    return create_audited(actor=actor, model=Event, values={"title": title, **values})


@transaction.atomic
def event_update(*, actor: User | None, event: Event, **changes: Unpack[EventChanges]) -> Event:
    """Correct an event; a cancelled event stays as it was."""
    values = given_fields("event_update", changes, EVENT_CHANGES)
    stored = _lock(event)
    _refuse_if_cancelled(stored)
    for name, value in values.items():
        setattr(stored, name, value)
    _check_registration_within(stored)
    if {"starts_on", "ends_on", "time_zone"} & values.keys():
        _check_sessions_within(stored)
    if values.get("capacity") is not None:
        _check_places_given(stored)
    return update_audited(actor=actor, obj=event, values=values)


@transaction.atomic
def event_cancel(
    *, actor: User | None, event: Event, reason: str, now: datetime.datetime | None = None
) -> Event:
    """Cancel an event with its reason; registration closes with it. An event that has
    taken place is not cancelled."""
    event = _lock(event)
    _refuse_if_cancelled(event)
    now = now or timezone.now()
    _refuse_if_ended(event, now)
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
    """Close registration now, by hand; closing what is already closed changes nothing, and
    registration to an event that has taken place is closed already."""
    event = _lock(event)
    now = now or timezone.now()
    if refusal := event.closing_problem(now):
        raise EventCancelled(refusal)
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


def _check_session_within(
    event: Event, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> None:
    """A session takes place on the event's days, in the event's time zone."""
    days = {"start": date_text(event.starts_on), "end": date_text(event.ends_on)}
    outside = _("The event runs from %(start)s to %(end)s.") % days
    if starts_at < event.start_of_first_day or starts_at >= event.end_of_last_day:
        raise ValidationError({"starts_at": outside})
    if ends_at > event.end_of_last_day:
        raise ValidationError({"ends_at": outside})


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
    """Add a session on the event's days; a cancelled event takes none."""
    _refuse_if_cancelled(event)
    _check_session_within(event, starts_at, ends_at)
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
    _check_session_within(
        session.event,
        values.get("starts_at", session.starts_at),
        values.get("ends_at", session.ends_at),
    )
    return update_audited(actor=actor, obj=session, values=values)


class SessionAttended(DomainError):
    status_code = 409


@transaction.atomic
def session_remove(*, actor: User | None, session: EventSession) -> None:
    """Remove a session of the timetable, keeping what it was in the audit entry; one with
    attendance recorded stays, as the certificates count it."""
    _refuse_if_cancelled(session.event)
    session = EventSession.objects.select_for_update().select_related("event").get(pk=session.pk)
    if session.attendances.exists():
        raise SessionAttended(
            _("Attendance is recorded for this session; it can no longer be removed.")
        )
    remove_audited(actor=actor, obj=session, fields=("event", "title", "starts_at", "ends_at"))


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
    _refuse_if_cancelled(event)
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
    """A member state's delegation, whose focal point may nominate officials for it."""
    _refuse_if_cancelled(event)
    if not scope_for(focal_point, LearningPerm.NOMINATE_DELEGATE).covers_country(country.pk):
        raise ValidationError(
            {
                "focal_point": _("%(person)s may not nominate officials for %(country)s.")
                % {"person": focal_point, "country": country}
            }
        )
    return create_audited(
        actor=actor,
        model=Delegation,
        values={"event": event, "country": country, "focal_point": focal_point, "quota": quota},
    )

"""Writes to events, their sessions, registration questions and delegations."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import create_audited, given_fields
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


@transaction.atomic
def event_create(*, actor: User | None, title: str, **fields: Unpack[EventFields]) -> Event:
    values = given_fields("event_create", fields, EVENT_FIELDS)
    return create_audited(actor=actor, model=Event, values={"title": title, **values})


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

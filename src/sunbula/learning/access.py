"""Scoping rules of learning that differ between seeing and changing: an event without a
host country is seen from every country but changed only by a role in every country; a
registration is decided on where both its event and its participant's country are in scope."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sunbula.core.access import AnyUser, fetch, reaches, scope_for
from sunbula.core.models import User
from sunbula.core.scoping import ScopeRule
from sunbula.learning.models import (
    Course,
    Delegation,
    Event,
    EventSession,
    Lesson,
    Registration,
    Survey,
)
from sunbula.learning.permissions import LearningPerm

CHANGING_EVENTS = replace(Event.scope_rule, international=False)
CHANGING_SURVEYS = replace(Survey.scope_rule, international=False)


def registrations(user: AnyUser) -> QuerySet[Registration]:
    """Registrations the user may decide on: event and participant's country in scope."""
    scope = scope_for(user, LearningPerm.MANAGE_REGISTRATION)
    return scope.filter(
        Registration.objects.select_related("event", "country").filter(scope.q(Event, "event__"))
    )


def decides_on_every_registration(user: AnyUser) -> bool:
    """Whether `registrations` leaves none out for the user: no country or programme limits
    the events or the participants' countries they decide on."""
    scope = scope_for(user, LearningPerm.MANAGE_REGISTRATION)
    return scope.granted and not scope.q(Registration) and not scope.q(Event, "event__")


fetch_event = partial(
    fetch,
    Event.objects.select_related("programme", "project", "country__member_state"),
    perm=LearningPerm.VIEW_EVENT,
    write_rule=CHANGING_EVENTS,
)

fetch_survey = partial(
    fetch,
    Survey.objects.select_related("event", "country", "programme"),
    perm=LearningPerm.VIEW_EVENT,
    write_rule=CHANGING_SURVEYS,
)


def fetch_session(user: AnyUser, pk: object, *, write: str) -> EventSession:
    """A session of an event the user sees (404 otherwise), where `write` reaches the event
    in the countries where its events are changed (403 otherwise)."""
    sessions = EventSession.objects.select_related("event")
    rule = CHANGING_EVENTS.under("event")
    return fetch(sessions, user, pk, perm=LearningPerm.VIEW_EVENT, write=write, write_rule=rule)


def fetch_course(user: AnyUser, pk: object, *, write: bool = False) -> Course:
    """A farmer course the user sees (404 otherwise), and with `write` manages (403)."""
    courses = Course.objects.select_related("country", "project")
    manage = LearningPerm.MANAGE_COURSE if write else None
    return fetch(courses, user, pk, perm=LearningPerm.VIEW_COURSE, write=manage)


def fetch_lesson(user: AnyUser, pk: object, *, write: bool = False) -> Lesson:
    """A lesson of a farmer course the user sees (404 otherwise), and with `write` manages
    (403): a lesson follows its course."""
    rule = Course.scope_rule.under("course")
    manage = LearningPerm.MANAGE_COURSE if write else None
    lessons = Lesson.objects.select_related("course")
    return fetch(
        lessons, user, pk, perm=LearningPerm.VIEW_COURSE, write=manage, rule=rule, write_rule=rule
    )


def registration_to_decide(user: AnyUser, pk: object) -> Registration:
    """A registration the user decides on, to an event they may change (404/403 otherwise)."""
    registration = fetch(registrations(user), user, pk, perm=LearningPerm.MANAGE_REGISTRATION)
    fetch_event(user, registration.event_id, write=LearningPerm.MANAGE_EVENT)
    return registration


def check_event_placed(user: AnyUser, event: Event) -> None:
    """403 unless a new or moved event lands where the user may change events."""
    if not reaches(user, LearningPerm.MANAGE_EVENT, event, rule=CHANGING_EVENTS):
        raise PermissionDenied


def check_survey_placed(user: AnyUser, values: dict[str, Any]) -> None:
    """403 unless the user manages events where a new survey would sit: with its event's
    country and programme, or with those given when it stands alone."""
    event = values.get("event")
    placed = Survey(
        country=event.country if event else values.get("country"),
        programme=event.programme if event else values.get("programme"),
    )
    if not reaches(user, LearningPerm.MANAGE_EVENT, placed, rule=CHANGING_SURVEYS):
        raise PermissionDenied


# A delegation is seen with its event (its model's rule) and nominated into from its own
# country; an organiser records the nominations a member state sends in where they change
# the event.
DELEGATION_NOMINATED = ScopeRule(country="country")
DELEGATION_RECORDED = CHANGING_EVENTS.under("event")


def fetch_delegation(user: AnyUser, pk: object) -> Delegation:
    """A delegation of an event the user sees (404 otherwise), for its focal point who may
    nominate in its country or an organiser who records nominations for it (403 otherwise)."""
    delegation = fetch(
        Delegation.objects.select_related("event", "country", "focal_point"),
        user,
        pk,
        perm=LearningPerm.VIEW_EVENT,
    )
    if not may_nominate(user, delegation) and not may_record_nomination(user, delegation):
        raise PermissionDenied
    return delegation


def may_nominate(user: AnyUser, delegation: Delegation) -> bool:
    """Whether `user` may nominate officials into `delegation` (its focal point, where they
    nominate for its country): what `fetch_delegation` and the service let through."""
    if not isinstance(user, User):
        return False
    if delegation.focal_point_id != user.pk and not user.is_superuser:
        return False
    return reaches(user, LearningPerm.NOMINATE_DELEGATE, delegation, rule=DELEGATION_NOMINATED)


def may_record_nomination(user: AnyUser, delegation: Delegation) -> bool:
    """Whether `user` may record, on the delegation's behalf, a nomination its member state
    sent by note verbale or e-mail: they manage registration to its event, where events are
    changed."""
    return reaches(user, LearningPerm.MANAGE_REGISTRATION, delegation, rule=DELEGATION_RECORDED)

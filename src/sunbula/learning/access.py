"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where read-only.

An event is in scope when its host country is, or when it has none (international).
Registrations follow their event and, for country-limited roles, the participant's country.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sunbula.core.access import AnyUser, Scope, require_permission, scope_for
from sunbula.learning.models import Course, Event, EventSession, Registration
from sunbula.learning.permissions import LearningPerm


def event_q(scope: Scope, prefix: str = "") -> Q:
    if scope.every_country:
        return Q()
    return Q(**{f"{prefix}country__isnull": True}) | scope.q(f"{prefix}country")


def _may_change(user: AnyUser, permission: str, country_id: int | None) -> bool:
    scope = scope_for(user, permission)
    if country_id is None:
        return scope.every_country
    return scope.covers_country(country_id)


def event_for_user(
    user: AnyUser, pk: int, *, write: bool = False, permission: str = LearningPerm.MANAGE_EVENT
) -> Event:
    scope = require_permission(user, LearningPerm.VIEW_EVENT)
    try:
        event = Event.objects.select_related("programme", "project", "country").get(
            event_q(scope), pk=pk
        )
    except Event.DoesNotExist as missing:
        raise Http404 from missing
    if write and not _may_change(user, permission, event.country_id):
        raise PermissionDenied
    return event


def session_for_user(user: AnyUser, pk: int) -> EventSession:
    """A session whose attendance the user may record."""
    scope = require_permission(user, LearningPerm.VIEW_EVENT)
    try:
        session = EventSession.objects.select_related("event").get(event_q(scope, "event__"), pk=pk)
    except EventSession.DoesNotExist as missing:
        raise Http404 from missing
    if not _may_change(user, LearningPerm.RECORD_ATTENDANCE, session.event.country_id):
        raise PermissionDenied
    return session


def registration_for_user(user: AnyUser, pk: int) -> Registration:
    """A registration the user may decide on: its event and its participant's country in scope."""
    scope = require_permission(user, LearningPerm.MANAGE_REGISTRATION)
    try:
        return Registration.objects.select_related("event", "country").get(
            event_q(scope, "event__"), scope.q("country"), pk=pk
        )
    except Registration.DoesNotExist as missing:
        raise Http404 from missing


def course_for_user(user: AnyUser, pk: int) -> Course:
    scope = require_permission(user, LearningPerm.VIEW_COURSE)
    try:
        return scope.filter(Course.objects.select_related("country")).get(pk=pk)
    except Course.DoesNotExist as missing:
        raise Http404 from missing

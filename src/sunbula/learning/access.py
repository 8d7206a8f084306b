"""Scoping rules of learning that differ between seeing and changing: an event without a
host country is seen from every country but changed only by a role in every country; a
registration is decided on where both its event and its participant's country are in scope."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from django.db.models import QuerySet

from sunbula.core.access import AnyUser, fetch, scope_for
from sunbula.core.scoping import ScopeRule
from sunbula.learning.models import Delegation, Event, Registration, Survey
from sunbula.learning.permissions import LearningPerm

CHANGING_EVENTS = replace(Event.scope_rule, international=False)
CHANGING_SURVEYS = replace(Survey.scope_rule, international=False)


def registrations(user: AnyUser) -> QuerySet[Registration]:
    """Registrations the user may decide on: event and participant's country in scope."""
    scope = scope_for(user, LearningPerm.MANAGE_REGISTRATION)
    return scope.filter(
        Registration.objects.select_related("event", "country").filter(scope.q(Event, "event__"))
    )


fetch_event = partial(
    fetch,
    Event.objects.select_related("programme", "project", "country"),
    perm=LearningPerm.VIEW_EVENT,
    write_rule=CHANGING_EVENTS,
)

fetch_survey = partial(
    fetch,
    Survey.objects.select_related("event", "country", "programme"),
    perm=LearningPerm.VIEW_EVENT,
    write_rule=CHANGING_SURVEYS,
)


# A delegation is seen with its event and nominated into from its own country.
DELEGATION_SEEN = Event.scope_rule.under("event")
DELEGATION_NOMINATED = ScopeRule(country="country")


def fetch_delegation(user: AnyUser, pk: object) -> Delegation:
    """A delegation of an event the user sees (404 otherwise), for a focal point who may
    nominate in its country (403 otherwise)."""
    return fetch(
        Delegation.objects.select_related("event", "country", "focal_point"),
        user,
        pk,
        perm=LearningPerm.VIEW_EVENT,
        write=LearningPerm.NOMINATE_DELEGATE,
        rule=DELEGATION_SEEN,
        write_rule=DELEGATION_NOMINATED,
    )

"""Engagements with partners (meetings, visits, calls) and the follow-up actions agreed at them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import create_audited, given_fields, update_audited
from sunbula.core.models import Country, Organisation, User
from sunbula.partners.models import (
    Engagement,
    FollowUpAction,
)
from sunbula.partners.services._records import _save_with_m2m


class EngagementDetails(TypedDict, total=False):
    """What `engagement_create` takes besides what every engagement has."""

    title_translations: dict[str, str]
    event: str
    participants: str
    topics: str
    summary: str
    summary_translations: dict[str, str]
    outcomes: str
    outcomes_translations: dict[str, str]
    is_illustrative: bool


class EngagementFields(EngagementDetails, total=False):
    """What `engagement_update` takes."""

    kind: str
    title: str
    held_on: datetime.date
    place: str
    country: Country
    organisations: Iterable[Organisation]


ENGAGEMENT_FIELDS = tuple(EngagementFields.__annotations__)

# What a person records about an engagement after its kind and title, in the order the
# page and the API show it.
ENGAGEMENT_DETAILS = (
    "held_on",
    "place",
    "event",
    "country",
    "organisations",
    "participants",
    "topics",
    "summary",
    "outcomes",
)


@transaction.atomic
def engagement_create(
    *,
    actor: User,
    kind: str,
    title: str,
    held_on: datetime.date,
    place: str,
    country: Country,
    organisations: Iterable[Organisation],
    **details: Unpack[EngagementDetails],
) -> Engagement:
    """Record a meeting, visit, call or side event."""
    values = given_fields("engagement_create", details, EngagementDetails.__annotations__)
    engagement = Engagement()
    _save_with_m2m(
        actor=actor,
        obj=engagement,
        values={
            "kind": kind,
            "title": title,
            "held_on": held_on,
            "place": place,
            "country": country,
            "organisations": list(organisations),
            **values,
        },
        m2m="organisations",
        verb="created",
    )
    return engagement


@transaction.atomic
def engagement_update(
    *, actor: User, engagement: Engagement, **fields: Unpack[EngagementFields]
) -> Engagement:
    """Change the fields given; the others keep their values."""
    values = given_fields("engagement_update", fields, ENGAGEMENT_FIELDS)
    _save_with_m2m(actor=actor, obj=engagement, values=values, m2m="organisations", verb="updated")
    return engagement


@transaction.atomic
def follow_up_add(
    *,
    actor: User,
    engagement: Engagement,
    description: str,
    owner: User | None = None,
    due_on: datetime.date | None = None,
    description_translations: dict[str, str] | None = None,
) -> FollowUpAction:
    """An action agreed at the engagement; it stays on its owner's home page until done."""
    return create_audited(
        actor=actor,
        model=FollowUpAction,
        values={
            "engagement": engagement,
            "description": description,
            "description_translations": description_translations or {},
            "owner": owner,
            "due_on": due_on,
        },
    )


@transaction.atomic
def follow_up_set_status(*, actor: User, follow_up: FollowUpAction, status: str) -> FollowUpAction:
    return update_audited(actor=actor, obj=follow_up, values={"status": status})

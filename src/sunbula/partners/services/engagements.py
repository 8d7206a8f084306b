"""Engagements with partners (meetings, visits, calls) and the follow-up actions agreed at them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from sunbula.core.audit import create_audited, update_audited
from sunbula.core.models import Country, Organisation, User
from sunbula.partners.models import (
    Engagement,
    FollowUpAction,
)
from sunbula.partners.services._records import _check_fields, _save_with_m2m

ENGAGEMENT_FIELDS = (
    "kind",
    "title",
    "title_translations",
    "held_on",
    "place",
    "event",
    "country",
    "organisations",
    "participants",
    "topics",
    "summary",
    "summary_translations",
    "outcomes",
    "outcomes_translations",
    "is_illustrative",
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
    **values: Any,
) -> Engagement:
    """Record a meeting, visit, call or side event; `values` are further ENGAGEMENT_FIELDS."""
    _check_fields("engagement_create", values, ENGAGEMENT_FIELDS)
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
def engagement_update(*, actor: User, engagement: Engagement, **values: Any) -> Engagement:
    _check_fields("engagement_update", values, ENGAGEMENT_FIELDS)
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

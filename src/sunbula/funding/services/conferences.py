"""Donor conferences, their co-hosts and their public announcements."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import (
    audit_record,
    given_fields,
    snapshot,
    update_audited,
)
from sunbula.core.models import Country, Organisation, User
from sunbula.funding.models import (
    Appeal,
    DonorConference,
)


class ConferenceFields(TypedDict, total=False):
    """What `conference_update` takes."""

    title: str
    title_translations: dict[str, str]
    country: Country
    appeal: Appeal | None
    starts_on: datetime.date
    ends_on: datetime.date
    modality: str
    venue: str
    announcements_published: bool
    is_illustrative: bool


CONFERENCE_FIELDS = tuple(ConferenceFields.__annotations__)

# What a person fills in about a conference after its title, in the order the page and
# the API show it.
CONFERENCE_DETAILS = ("country", "appeal", "co_hosts", "starts_on", "ends_on", "modality", "venue")


@transaction.atomic
def conference_create(
    *,
    actor: User | None,
    title: str,
    country: Country,
    starts_on: datetime.date,
    ends_on: datetime.date,
    modality: str,
    title_translations: dict[str, str] | None = None,
    appeal: Appeal | None = None,
    venue: str = "",
    co_hosts: Iterable[Organisation] = (),
    announcements_published: bool = False,
    is_illustrative: bool = False,
) -> DonorConference:
    conference = DonorConference(
        title=title,
        title_translations=title_translations or {},
        country=country,
        appeal=appeal,
        starts_on=starts_on,
        ends_on=ends_on,
        modality=modality,
        venue=venue,
        announcements_published=announcements_published,
        is_illustrative=is_illustrative,
    )
    conference.full_clean()
    conference.save()
    conference.co_hosts.set(list(co_hosts))
    audit_record(
        actor=actor,
        action="funding.donorconference.created",
        obj=conference,
        after=snapshot(conference, [*CONFERENCE_FIELDS, "co_hosts"]),
    )
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: User | None,
    conference: DonorConference,
    co_hosts: Iterable[Organisation] | None = None,
    **fields: Unpack[ConferenceFields],
) -> DonorConference:
    """Change the fields given (and the co-hosts, if given); the others keep their values."""
    values = given_fields("conference_update", fields, CONFERENCE_FIELDS)
    conference = update_audited(actor=actor, obj=conference, values=values)
    if co_hosts is not None:
        before = sorted(conference.co_hosts.values_list("pk", flat=True))
        wanted = sorted({host.pk for host in co_hosts})
        if wanted != before:
            conference.co_hosts.set(wanted)
            audit_record(
                actor=actor,
                action="funding.donorconference.updated",
                obj=conference,
                before={"co_hosts": before},
                after={"co_hosts": wanted},
            )
    return conference


def conference_publish_announcements(
    *, actor: User | None, conference: DonorConference, published: bool
) -> DonorConference:
    """Open (or close) the public financial announcements page of a conference."""
    return conference_update(actor=actor, conference=conference, announcements_published=published)

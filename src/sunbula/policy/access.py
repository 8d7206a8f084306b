"""Policy records views fetch often, through core.access.fetch (scoped by `scope_rule`)."""

from __future__ import annotations

from functools import partial
from typing import TypeVar

from sunbula.core.access import AnyUser, fetch
from sunbula.policy.models import (
    CoordinatingBody,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    Strategy,
)
from sunbula.policy.permissions import PolicyPerm

fetch_profile = partial(
    fetch, PolicyProfile.objects.select_related("country"), perm=PolicyPerm.VIEW_PROFILE
)

# A profile's records are seen and changed from the profile's country.
PROFILE_RECORDS = PolicyProfile.scope_rule.under("profile")

Record = TypeVar("Record", Strategy, LegalInstrument, CoordinatingBody, PolicyDecision)


def fetch_profile_record(
    model: type[Record], user: AnyUser, pk: int, *, write: str | None = None
) -> Record:
    """A strategy, legal text, coordinating body or decision of a profile the user sees (404
    otherwise); with `write`, 403 unless that permission reaches the profile's country too."""
    return fetch(
        model._default_manager.select_related("profile__country"),
        user,
        pk,
        perm=PolicyPerm.VIEW_PROFILE,
        write=write,
        rule=PROFILE_RECORDS,
        write_rule=PROFILE_RECORDS,
    )

"""The money records views fetch most, through core.access.fetch with the rows their pages
show beside them: pledges and conferences follow their `scope_rule` (country, programme and
the donor's organisation)."""

from __future__ import annotations

from functools import partial

from sunbula.core.access import fetch
from sunbula.funding.models import DonorConference, Pledge
from sunbula.funding.permissions import FundingPerm

fetch_conference = partial(
    fetch,
    DonorConference.objects.select_related("country", "appeal"),
    perm=FundingPerm.VIEW_FUNDING,
)
fetch_pledge = partial(
    fetch,
    Pledge.objects.select_related(
        "donor", "currency", "country", "programme", "project", "conference"
    ),
    perm=FundingPerm.VIEW_FUNDING,
)

"""The money records views fetch most, through core.access.fetch with the rows their pages
show beside them: pledges and conferences follow their `scope_rule` (country, programme and
the donor's organisation)."""

from __future__ import annotations

from functools import partial

from sunbula.core.access import fetch
from sunbula.funding.models import (
    Appeal,
    Commitment,
    DonorConference,
    FundingRequirement,
    Payment,
    Pledge,
)
from sunbula.funding.permissions import FundingPerm

fetch_conference = partial(
    fetch,
    DonorConference.objects.select_related("country", "appeal"),
    perm=FundingPerm.VIEW_FUNDING,
)
fetch_pledge = partial(
    fetch,
    Pledge.objects.select_related(
        "donor", "currency", "country", "programme", "project", "conference", "focal_point"
    ),
    perm=FundingPerm.VIEW_FUNDING,
)
fetch_appeal = partial(
    fetch, Appeal.objects.select_related("country"), perm=FundingPerm.VIEW_FUNDING
)
fetch_requirement = partial(
    fetch,
    FundingRequirement.objects.select_related("country", "programme", "project", "appeal"),
    perm=FundingPerm.VIEW_FUNDING,
)
fetch_payment = partial(
    fetch,
    Payment.objects.select_related(
        "currency", "commitment__pledge__currency", "commitment__pledge__donor"
    ),
    perm=FundingPerm.VIEW_FUNDING,
)
fetch_commitment = partial(
    fetch,
    Commitment.objects.select_related("agreement", "pledge__currency", "pledge__donor"),
    perm=FundingPerm.VIEW_FUNDING,
)

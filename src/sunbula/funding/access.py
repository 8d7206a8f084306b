"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where read-only.

Pledges, conferences and requirements are scoped by their destination country; commitments
and payments follow their pledge.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.core.models import Organisation
from sunbula.funding.models import DonorConference, Pledge
from sunbula.funding.permissions import FundingPerm


def conference_for_user(
    user: AnyUser, pk: int, *, write: bool = False, permission: str = FundingPerm.MANAGE_CONFERENCE
) -> DonorConference:
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    try:
        conference = scope.filter(DonorConference.objects.select_related("country", "appeal")).get(
            pk=pk
        )
    except DonorConference.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, permission).covers_country(conference.country_id):
        raise PermissionDenied
    return conference


def pledge_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Pledge:
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    try:
        pledge = scope.filter(
            Pledge.objects.select_related(
                "donor", "currency", "country", "programme", "project", "conference"
            )
        ).get(pk=pk)
    except Pledge.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, FundingPerm.RECORD_PLEDGE).covers_country(pledge.country_id):
        raise PermissionDenied
    return pledge


def donor_for_user(user: AnyUser, pk: int) -> Organisation:
    """A donor's profile is reference data; its pledges are scoped by the selectors."""
    require_permission(user, FundingPerm.VIEW_FUNDING)
    try:
        return Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist as missing:
        raise Http404 from missing

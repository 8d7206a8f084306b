"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where they only read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.policy.models import AssessmentFramework, PolicyProfile, ReportSnapshot
from sunbula.policy.permissions import PolicyPerm


def profile_for_user(user: AnyUser, pk: int, *, write: bool = False) -> PolicyProfile:
    scope = require_permission(user, PolicyPerm.VIEW_PROFILE)
    try:
        profile = scope.filter(PolicyProfile.objects.select_related("country")).get(pk=pk)
    except PolicyProfile.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, PolicyPerm.EDIT_PROFILE).covers_country(profile.country_id):
        raise PermissionDenied
    return profile


def framework_for_user(user: AnyUser, pk: int) -> AssessmentFramework:
    require_permission(user, PolicyPerm.VIEW_PROFILE)
    try:
        return AssessmentFramework.objects.get(pk=pk)
    except AssessmentFramework.DoesNotExist as missing:
        raise Http404 from missing


def snapshot_for_user(user: AnyUser, pk: int) -> ReportSnapshot:
    """Reports hold published profiles only, so anyone who may read reports reads them all."""
    require_permission(user, PolicyPerm.VIEW_REPORT)
    try:
        return ReportSnapshot.objects.get(pk=pk)
    except ReportSnapshot.DoesNotExist as missing:
        raise Http404 from missing

"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where they only read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.monitoring.models import SituationDataset
from sunbula.monitoring.permissions import MonitoringPerm


def dataset_for_user(user: AnyUser, pk: int, *, write: bool = False) -> SituationDataset:
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    try:
        dataset = scope.filter(SituationDataset.objects.select_related("country")).get(pk=pk)
    except SituationDataset.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, MonitoringPerm.IMPORT_SITUATION).covers_country(
        dataset.country_id
    ):
        raise PermissionDenied
    return dataset

"""Fetch-and-authorise helpers: a cycle follows its country, a pledge's trace the pledge's
country and a lot's trace the lot's; 404 outside the user's countries, 403 where read-only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sunbula.assistance.models import Cycle
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.funding.models import Pledge
from sunbula.supply.models import Lot


def cycle_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Cycle:
    scope = require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    try:
        cycle = scope.filter(Cycle.objects.select_related("project", "country")).get(pk=pk)
    except Cycle.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, AssistancePerm.MANAGE_CYCLE).covers_country(cycle.country_id):
        raise PermissionDenied
    return cycle


def pledge_for_trace(user: AnyUser, pk: int) -> Pledge:
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    try:
        return scope.filter(Pledge.objects.select_related("donor"), "country").get(pk=pk)
    except Pledge.DoesNotExist as missing:
        raise Http404 from missing


def lot_for_trace(user: AnyUser, pk: int) -> Lot:
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    try:
        return scope.filter(Lot.objects.select_related("commodity", "donor", "pledge")).get(pk=pk)
    except Lot.DoesNotExist as missing:
        raise Http404 from missing

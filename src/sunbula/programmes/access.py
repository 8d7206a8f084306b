"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where read-only.

Projects are scoped by their recipient country; everything inside a project (results,
indicators, reporting periods) follows it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.programmes.models import Indicator, Programme, Project, ReportingPeriod
from sunbula.programmes.permissions import ProgrammePerm


def programme_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Programme:
    """Programmes span countries: any reader sees them; changing one needs every country."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    try:
        programme = Programme.objects.select_related("reporting_organisation").get(pk=pk)
    except Programme.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country:
        raise PermissionDenied
    return programme


def project_for_user(
    user: AnyUser, pk: int, *, write: bool = False, permission: str = ProgrammePerm.MANAGE_PROJECT
) -> Project:
    """The project if its recipient country is in the user's scope; `permission` to change it."""
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    try:
        project = scope.filter(
            Project.objects.select_related("programme", "recipient_country", "currency"),
            country_field="recipient_country",
        ).get(pk=pk)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, permission).covers_country(project.recipient_country_id):
        raise PermissionDenied
    return project


def period_for_user(
    user: AnyUser, pk: int, *, write: bool = False, permission: str = ProgrammePerm.RECORD_ACTUAL
) -> ReportingPeriod:
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    try:
        period = scope.filter(
            ReportingPeriod.objects.select_related("project"),
            country_field="project__recipient_country",
        ).get(pk=pk)
    except ReportingPeriod.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, permission).covers_country(
        period.project.recipient_country_id
    ):
        raise PermissionDenied
    return period


def indicator_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Indicator:
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    try:
        indicator = scope.filter(
            Indicator.objects.select_related("result__project"),
            country_field="result__project__recipient_country",
        ).get(pk=pk)
    except Indicator.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, ProgrammePerm.RECORD_ACTUAL).covers_country(
        indicator.result.project.recipient_country_id
    ):
        raise PermissionDenied
    return indicator

"""Fetch-and-authorise helpers: 404 outside the user's countries, 403 where read-only.

Projects are scoped by their recipient country; everything inside a project (results,
indicators, reporting periods) follows it.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.programmes.models import (
    Budget,
    Indicator,
    ParticipatingOrganisation,
    Programme,
    Project,
    ReportingPeriod,
    Result,
)
from sunbula.programmes.permissions import ProgrammePerm

M = TypeVar("M", bound=Model)


def require_programme_manager(user: AnyUser) -> None:
    """Programmes span countries: creating one needs the permission in every country."""
    if not scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country:
        require_permission(user, ProgrammePerm.MANAGE_PROGRAMME)
        raise PermissionDenied


def can_manage_programmes(user: AnyUser) -> bool:
    return scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country


def _project_part_for_user(user: AnyUser, queryset: QuerySet[M], pk: int) -> M:
    """A row inside a project, for changing it: 404 outside scope, 403 where read-only."""
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    try:
        row = scope.filter(
            queryset.select_related("project"), country_field="project__recipient_country"
        ).get(pk=pk)
    except queryset.model.DoesNotExist as missing:  # type: ignore[attr-defined]
        raise Http404 from missing
    project: Project = row.project  # type: ignore[attr-defined]
    if not scope_for(user, ProgrammePerm.MANAGE_PROJECT).covers_country(
        project.recipient_country_id
    ):
        raise PermissionDenied
    return row


def participant_for_user(user: AnyUser, pk: int) -> ParticipatingOrganisation:
    return _project_part_for_user(user, ParticipatingOrganisation.objects.all(), pk)


def budget_for_user(user: AnyUser, pk: int) -> Budget:
    return _project_part_for_user(user, Budget.objects.all(), pk)


def result_for_user(user: AnyUser, pk: int) -> Result:
    return _project_part_for_user(user, Result.objects.all(), pk)


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

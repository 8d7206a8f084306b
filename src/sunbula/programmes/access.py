"""Who may change programmes: they span countries, so changing one needs a role in every
country (or one limited to that programme). Projects and everything inside them follow
their `scope_rule` through core.access.fetch."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied

from sunbula.core.access import AnyUser, fetch, require_permission, scope_for
from sunbula.core.scoping import ScopeRule
from sunbula.programmes.models import (
    Asset,
    Budget,
    GoverningBodyDecision,
    Indicator,
    MaintenanceVisit,
    Programme,
    Project,
    ProjectDocument,
    ReportingPeriod,
    Result,
)
from sunbula.programmes.permissions import ProgrammePerm

# Changing a programme: a role limited to countries does not reach it; one limited to the
# programme itself does.
CHANGING_PROGRAMMES = ScopeRule(programme="pk")


def require_programme_manager(user: AnyUser) -> None:
    """Programmes span countries: creating one needs the permission in every country."""
    if not scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country:
        require_permission(user, ProgrammePerm.MANAGE_PROGRAMME)
        raise PermissionDenied


def can_manage_programmes(user: AnyUser) -> bool:
    return scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country


# The records views fetch most, with the rows their pages show beside them.
fetch_programme = partial(
    fetch,
    Programme.objects.select_related("reporting_organisation"),
    perm=ProgrammePerm.VIEW_PROJECT,
    write_rule=CHANGING_PROGRAMMES,
)
fetch_project = partial(
    fetch,
    Project.objects.select_related("programme", "recipient_country", "currency"),
    perm=ProgrammePerm.VIEW_PROJECT,
)
fetch_period = partial(
    fetch, ReportingPeriod.objects.select_related("project"), perm=ProgrammePerm.VIEW_PROJECT
)
fetch_result = partial(
    fetch, Result.objects.select_related("project"), perm=ProgrammePerm.VIEW_PROJECT
)
fetch_indicator = partial(
    fetch, Indicator.objects.select_related("result__project"), perm=ProgrammePerm.VIEW_PROJECT
)
fetch_asset = partial(
    fetch,
    Asset.objects.select_related(
        "project__programme", "site__country", "admin_area", "funded_by", "currency"
    ),
    perm=ProgrammePerm.VIEW_PROJECT,
)
fetch_decision = partial(
    fetch,
    GoverningBodyDecision.objects.select_related("programme"),
    perm=ProgrammePerm.VIEW_PROJECT,
    write_rule=CHANGING_PROGRAMMES.under("programme"),
)
fetch_budget = partial(
    fetch, Budget.objects.select_related("project", "currency"), perm=ProgrammePerm.VIEW_PROJECT
)
fetch_document = partial(
    fetch, ProjectDocument.objects.select_related("project"), perm=ProgrammePerm.VIEW_PROJECT
)
fetch_visit = partial(
    fetch,
    MaintenanceVisit.objects.select_related("asset__project", "asset__site"),
    perm=ProgrammePerm.VIEW_PROJECT,
)

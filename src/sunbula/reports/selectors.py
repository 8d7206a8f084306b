"""What the exports and report runs read: every domain through its own selectors, scoped to
the reader; and the report worker's own reads of waiting runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from sunbula.assistance import selectors as assistance_selectors
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core.access import AnyUser, has_permission, require_permission
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, Organisation, User
from sunbula.core.multilingual import in_reading_order
from sunbula.funding import selectors as funding_selectors
from sunbula.funding.models import Pledge
from sunbula.funding.selectors import IatiTransaction
from sunbula.programmes import selectors as programme_selectors
from sunbula.programmes.models import Project
from sunbula.programmes.selectors import FourWRow
from sunbula.reports.models import ReportRun
from sunbula.reports.permissions import ReportPerm


def command_line_reader(email: str = "") -> User:
    """Who reads for a management command: the named account, else the operator.

    Whoever runs `sunbula` on the server can already read the whole database, so without
    `--user` the command reads as an in-memory superuser that is never saved.
    """
    if email:
        return User.objects.get(email=email.lower())
    return User(email="command-line@localhost", is_superuser=True, is_active=True)


def iati_projects(*, user: AnyUser, codes: Sequence[str] = ()) -> QuerySet[Project]:
    """Projects for the IATI activities file, with everything it prints prefetched."""
    require_permission(user, ReportPerm.EXPORT_OPEN_DATA)
    return programme_selectors.project_export_list(user=user, codes=codes)


class NothingToPublish(DomainError):
    """No project in the reader's scope: an IATI activities file needs an activity."""

    status_code = 404

    def __init__(self) -> None:
        super().__init__(
            _(
                "There is no project in your scope to publish yet: an IATI activities file "
                "needs at least one activity."
            )
        )


def iati_export_projects(*, user: AnyUser, codes: Sequence[str] = ()) -> list[Project]:
    """The projects an activities file holds: 404 when a code names no project the reader
    sees (we do not confirm it exists); NothingToPublish when there is no project at all."""
    projects = list(iati_projects(user=user, codes=codes))
    if set(codes) - {project.code for project in projects}:
        raise Http404
    if not projects:
        raise NothingToPublish
    return projects


def iati_transactions(
    *, user: AnyUser, projects: Iterable[Project]
) -> dict[int, list[IatiTransaction]]:
    """Each project's incoming pledges, commitments and funds, from the funding domain."""
    require_permission(user, ReportPerm.EXPORT_OPEN_DATA)
    return {
        project.pk: funding_selectors.iati_transactions_for_project(user=user, project=project)
        for project in projects
    }


def four_w_reached(user: AnyUser, projects: Sequence[Project]) -> dict[int, dict[str, int]]:
    """People reached by each project, by first-level admin area, as its dashboard counts
    them (assistance's tallies, each person once per cycle): for a donor viewer, those its
    organisation's goods reached. The 4W's people reached (registered in plugins)."""
    if not has_permission(user, AssistancePerm.VIEW_TRACE):
        return {}
    return assistance_selectors.people_reached_by_project(
        user=user, project_ids=[project.pk for project in projects]
    )


def four_w_export_rows(*, user: AnyUser, country: str = "") -> list[FourWRow]:
    """The 4W rows as the HXL files write them: in English, whatever the page's language."""
    require_permission(user, ReportPerm.EXPORT_OPEN_DATA)
    with translation.override("en"):
        return programme_selectors.four_w_rows(user=user, country=country)


def dashboard_choices(*, user: AnyUser) -> dict[str, object]:
    """The countries, programmes and projects the reader may open a dashboard for."""
    scope = require_permission(user, ReportPerm.VIEW_DASHBOARDS)
    projects = programme_selectors.project_list(user=user)
    countries = scope.filter(
        Country.objects.filter(pk__in=projects.values("recipient_country")), "pk"
    )
    return {
        "countries": in_reading_order(countries),
        "programmes": programme_selectors.programme_list(user=user),
        "projects": projects,
    }


# Donor and governing-body report runs: what a user may ask a report on, and the runs they
# asked for.

RUN_RELATIONS = ("donor", "pledge", "requested_by")


def report_donors(*, user: AnyUser) -> QuerySet[Organisation]:
    """Organisations with at least one pledge the user may see: the donors they may report on."""
    require_permission(user, ReportPerm.REQUEST_REPORTS)
    visible = funding_selectors.pledge_list(user=user).values("donor_id")
    return Organisation.objects.filter(pk__in=visible).order_by("name")


def report_pledges(*, user: AnyUser, donor: Organisation | None = None) -> QuerySet[Pledge]:
    """The pledges the user may see, for a report on one pledge."""
    require_permission(user, ReportPerm.REQUEST_REPORTS)
    pledges = funding_selectors.pledge_list(user=user, donor=donor)
    return (
        Pledge.objects.filter(pk__in=pledges.values("pk"))
        .select_related("donor")
        .order_by("donor__name", "reference")
    )


def report_run_list(*, user: AnyUser) -> QuerySet[ReportRun]:
    """The runs the user asked for, newest first (an administrator of every country: all)."""
    require_permission(user, ReportPerm.REQUEST_REPORTS)
    runs = ReportRun.objects.select_related(*RUN_RELATIONS)
    if not (isinstance(user, User) and user.is_superuser):
        runs = runs.filter(requested_by_id=user.pk)
    return runs.order_by("-requested_at", "-id")


def report_runs_waiting() -> QuerySet[ReportRun]:
    """Runs waiting for the report worker, oldest first (the worker acts for each requester)."""
    return (
        ReportRun.objects.select_related(*RUN_RELATIONS)
        .filter(status=ReportRun.Status.PENDING)
        .order_by("id")
    )


def report_run_to_work(*, pk: int) -> ReportRun | None:
    """One run for the report worker thread, whatever its state."""
    return ReportRun.objects.select_related(*RUN_RELATIONS).filter(pk=pk).first()

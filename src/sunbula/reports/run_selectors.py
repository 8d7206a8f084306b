"""Reads for donor and governing-body report runs: what a user may ask a report on, and the
runs they asked for; the worker's own reads of waiting runs."""

from __future__ import annotations

from django.db.models import QuerySet

from sunbula.core.access import AnyUser, require_permission
from sunbula.core.models import Organisation, User
from sunbula.funding import selectors as funding_selectors
from sunbula.funding.models import Pledge
from sunbula.reports.models import ReportRun
from sunbula.reports.permissions import ReportPerm

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

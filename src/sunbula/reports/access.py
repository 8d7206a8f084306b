"""Which report runs a user reaches: a run is its requester's, and only while the donor or
pledge it covers is still in their scope; otherwise 404 (we do not confirm it exists)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sunbula.core.access import AnyUser, fetch, require_permission
from sunbula.core.models import Country
from sunbula.reports import selectors
from sunbula.reports.models import ReportKind, ReportRun
from sunbula.reports.permissions import ReportPerm


def visible_report_runs(user: AnyUser) -> QuerySet[ReportRun]:
    """The user's runs whose subject (a donor or a pledge) they may still see."""
    subject_seen = (
        ~Q(kind=ReportKind.DONOR)
        | Q(pledge__in=selectors.report_pledges(user=user).values("pk"))
        | Q(pledge__isnull=True, donor__in=selectors.report_donors(user=user).values("pk"))
    )
    return selectors.report_run_list(user=user).filter(subject_seen)


def run_for_requester(user: AnyUser, pk: object) -> ReportRun:
    """The user's own run, while its subject is still in their scope; 404 otherwise."""
    return fetch(visible_report_runs(user), user, pk, perm=ReportPerm.REQUEST_REPORTS)


def subject_visible(user: AnyUser, run: ReportRun) -> bool:
    """Whether `user` may still see what the run reports on."""
    if run.kind != ReportKind.DONOR:
        return True
    if run.pledge_id is not None:
        return selectors.report_pledges(user=user).filter(pk=run.pledge_id).exists()
    return selectors.report_donors(user=user).filter(pk=run.donor_id or 0).exists()


def country_for_dashboard(user: AnyUser, iso3: str) -> Country:
    """The country if the reader may look at dashboards there; 404 otherwise."""
    scope = require_permission(user, ReportPerm.VIEW_DASHBOARDS)
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None or not scope.covers_country(country.pk):
        raise Http404
    return country

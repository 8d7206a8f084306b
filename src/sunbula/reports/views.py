"""Report pages: the IATI and HXL files a user may download, the dashboards, and donor and
governing-body report runs (request, progress, download), scoped to the reader."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sunbula.core.access import has_permission, require_permission, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.views import figures_page, form_errors_to, paginate
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.access import (
    fetch_programme,
    fetch_project,
)
from sunbula.reports import dashboards, selectors, tasks
from sunbula.reports.access import country_for_dashboard, run_for_requester
from sunbula.reports.forms import DonorReportForm, GoverningReportForm
from sunbula.reports.hxl import four_w_csv, four_w_xlsx
from sunbula.reports.iati import iati_xml
from sunbula.reports.models import ReportKind, ReportRun
from sunbula.reports.permissions import ReportPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUNS_PER_PAGE = 20
# The kept HTML carries its own stylesheet and nothing else: it may load nothing.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.EXPORT_OPEN_DATA)
    funding_flows = has_permission(request.user, FundingPerm.VIEW_FUNDING)
    return render(request, "reports/export_list.html", {"funding_flows": funding_flows})


@require_GET
def iati_export(request: HttpRequest) -> HttpResponse:
    try:
        projects = selectors.iati_export_projects(
            user=request.user, codes=request.GET.getlist("project")
        )
    except selectors.NothingToPublish as refused:
        context = {"title": _("Nothing to publish yet"), "message": str(refused)}
        return render(request, "core/error.html", context, status=refused.status_code)
    transactions = selectors.iati_transactions(user=request.user, projects=projects)
    document = iati_xml(projects, transactions)
    return _download(document, "application/xml", "sunbula-iati-activities.xml")


@require_GET
def four_w_csv_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.four_w_export_rows(user=request.user, country=request.GET.get("country", ""))
    return _download(four_w_csv(rows), "text/csv; charset=utf-8", "sunbula-4w.csv")


@require_GET
def four_w_xlsx_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.four_w_export_rows(user=request.user, country=request.GET.get("country", ""))
    return _download(four_w_xlsx(rows), XLSX, "sunbula-4w.xlsx")


# Dashboards


@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    return render(
        request, "reports/dashboard_index.html", selectors.dashboard_choices(user=request.user)
    )


def _dashboard(
    request: HttpRequest, template: str, board: Callable[..., Any], **subject: Any
) -> HttpResponse:
    """The dashboard of `subject` (its country, programme or project) for the reader, its
    figures worked out only when they are not cached."""
    figures = {"board": partial(board, user=request.user, **subject)}
    return figures_page(request, template, figures, subject)


@require_GET
def country_dashboard(request: HttpRequest, iso3: str) -> HttpResponse:
    country = country_for_dashboard(request.user, iso3)
    template = "reports/country_dashboard.html"
    return _dashboard(request, template, dashboards.country_dashboard, country=country)


@require_GET
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    programme = fetch_programme(request.user, pk)
    template = "reports/programme_dashboard.html"
    return _dashboard(request, template, dashboards.programme_dashboard, programme=programme)


@require_GET
def project_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    project = fetch_project(request.user, pk)
    template = "reports/project_dashboard.html"
    return _dashboard(request, template, dashboards.project_dashboard, project=project)


def _runs_page(
    request: HttpRequest,
    donor_form: DonorReportForm | None = None,
    governing_form: GoverningReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    runs = selectors.report_run_list(user=request.user)
    return render(
        request,
        "reports/report_runs.html",
        {
            "page": paginate(request, runs, per_page=RUNS_PER_PAGE),
            "donor_form": donor_form or DonorReportForm(user=request.user),
            "governing_form": governing_form or GoverningReportForm(),
        },
        status=status,
    )


@require_GET
def report_runs(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.REQUEST_REPORTS)
    return _runs_page(request)


def _request(
    request: HttpRequest, kind: str, form: DonorReportForm | GoverningReportForm
) -> HttpResponse:
    """Queue the report the form asks for, or show the form again with what is wrong."""
    if form.is_valid():
        try:
            run = tasks.queue_report(actor=signed_in(request.user), kind=kind, **form.cleaned_data)
        except (ValidationError, DomainError) as refused:
            form_errors_to(form, refused)
        else:
            return redirect(run)
    donor = form if isinstance(form, DonorReportForm) else None
    governing = form if isinstance(form, GoverningReportForm) else None
    return _runs_page(request, donor, governing, status=422)


@require_POST
def donor_report_request(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.REQUEST_REPORTS)
    form = DonorReportForm(request.POST, user=request.user)
    return _request(request, ReportKind.DONOR, form)


@require_POST
def governing_report_request(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.REQUEST_REPORTS)
    form = GoverningReportForm(request.POST)
    return _request(request, ReportKind.GOVERNING_BODY, form)


@require_GET
def report_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for_requester(request.user, pk)
    template = (
        "reports/_report_run_status.html"
        if request.headers.get("HX-Request")
        else "reports/report_run_detail.html"
    )
    return render(request, template, {"run": run})


def download_name(run: ReportRun, suffix: str) -> str:
    """`sunbula-donor-report-demo-ffh23-kaz-2026-05-01-ar.pdf`: what, whose, data date, language."""
    if run.kind == ReportKind.DONOR and run.donor is not None:
        subject = run.pledge.reference if run.pledge is not None else run.donor.name
        if run.year:
            subject = f"{subject}-{run.year}"
    else:
        subject = str(run.year)
    as_of = run.data_as_of.date().isoformat() if run.data_as_of else ""
    # In English whatever the page's language: slugify keeps Latin letters only.
    with translation.override("en"):
        kind = run.get_kind_display()
    stem = slugify(f"sunbula-{kind}-{subject}-{as_of}-{run.language}")
    return f"{stem}.{suffix}"


def kept_file(run: ReportRun, suffix: str, **options: Any) -> FileResponse:
    """The run's kept `suffix` file as a download named by `download_name`; 404 if none."""
    path = tasks.stored_path(run, suffix)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), filename=download_name(run, suffix), **options)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def report_run_html(request: HttpRequest, pk: int) -> FileResponse:
    """The kept HTML, shown in the browser but allowed to load nothing."""
    response = kept_file(
        run_for_requester(request.user, pk), "html", content_type="text/html; charset=utf-8"
    )
    response["Content-Security-Policy"] = REPORT_CSP
    return response


@require_GET
def report_run_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return kept_file(
        run_for_requester(request.user, pk),
        "pdf",
        as_attachment=True,
        content_type="application/pdf",
    )

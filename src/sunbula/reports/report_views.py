"""Donor and governing-body reports: request, progress, download."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.reports import run_selectors, tasks
from sunbula.reports.access import visible_report_runs
from sunbula.reports.forms import DonorReportForm, GoverningReportForm
from sunbula.reports.models import ReportKind, ReportRun
from sunbula.reports.permissions import ReportPerm

PAGE_SIZE = 20
# The kept HTML carries its own stylesheet and nothing else: it may load nothing.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _runs_page(
    request: HttpRequest,
    donor_form: DonorReportForm | None = None,
    governing_form: GoverningReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    runs = run_selectors.report_run_list(user=request.user)
    return render(
        request,
        "reports/report_runs.html",
        {
            "page": Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page")),
            "donor_form": donor_form or DonorReportForm(user=request.user),
            "governing_form": governing_form or GoverningReportForm(),
        },
        status=status,
    )


def _refuse(form: Form, refused: ValidationError) -> None:
    for name, messages in refused.message_dict.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


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
        except ValidationError as refused:
            _refuse(form, refused)
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
    run = fetch(
        visible_report_runs(request.user), request.user, pk, perm=ReportPerm.REQUEST_REPORTS
    )
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
    stem = slugify(f"sunbula-{run.get_kind_display()}-{subject}-{as_of}-{run.language}")
    return f"{stem}.{suffix}"


def _kept_file(request: HttpRequest, pk: int, suffix: str, **options: Any) -> FileResponse:
    run = fetch(
        visible_report_runs(request.user), request.user, pk, perm=ReportPerm.REQUEST_REPORTS
    )
    path = tasks.stored_path(run, suffix)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), filename=download_name(run, suffix), **options)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def report_run_html(request: HttpRequest, pk: int) -> FileResponse:
    """The kept HTML, shown in the browser but allowed to load nothing."""
    response = _kept_file(request, pk, "html", content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = REPORT_CSP
    return response


@require_GET
def report_run_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _kept_file(request, pk, "pdf", as_attachment=True, content_type="application/pdf")


urlpatterns: list[URLPattern] = [
    path("runs/", report_runs, name="report_runs"),
    path("runs/donor/", donor_report_request, name="donor_report_request"),
    path("runs/governing-body/", governing_report_request, name="governing_report_request"),
    path("runs/<int:pk>/", report_run_detail, name="report_run_detail"),
    path("runs/<int:pk>/report.html", report_run_html, name="report_run_html"),
    path("runs/<int:pk>/report.pdf", report_run_pdf, name="report_run_pdf"),
]

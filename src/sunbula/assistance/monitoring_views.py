"""Post-distribution monitoring pages: a round is started from the cycle's page, and its
links come back once, as a page to print or a file, since only their digests are kept."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunbula.assistance import selectors, services
from sunbula.assistance.forms import MonitoringForm
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core import exports
from sunbula.core.access import signed_in
from sunbula.core.errors import DomainError
from sunbula.core.views import form_errors_to, posted
from sunbula.learning.models import RESPONDENT_LANGUAGE_CODES


def sheet_table(rows: Sequence[selectors.SheetRow], *, title: str) -> exports.Table:
    """The list of links as a table for a CSV or XLSX file, in the page's words."""
    return exports.Table(
        [_("Reference"), _("Kind"), _("Area"), _("Name"), _("Phone"), _("Survey link")],
        ([row.reference, row.kind, row.area, row.name, row.phone, row.link] for row in rows),
        title=title,
    )


def _language() -> str:
    current = translation.get_language() or "en"
    return current if current in RESPONDENT_LANGUAGE_CODES else "en"


@never_cache
@require_http_methods(["GET", "POST"])
def monitoring_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw the sample, invite it, and hand over the links once."""
    actor = signed_in(request.user)
    cycle = selectors.cycle_for_user(request.user, pk, write=AssistancePerm.RUN_MONITORING)
    form = MonitoringForm(
        posted(request),
        surveys=selectors.monitoring_surveys(user=actor, cycle=cycle),
        initial={"seed": secrets.randbelow(1_000_000), "language": _language()},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            values: dict[str, Any] = form.cleaned_data
            try:
                monitoring, links = services.monitoring_start(
                    actor=actor,
                    cycle=cycle,
                    seed=values["seed"],
                    sample_size=values["sample_size"],
                    percent=values["percent"],
                    survey=values["survey"],
                    language=values["language"],
                )
            except (ValidationError, DomainError) as refused:
                form_errors_to(form, refused)
            else:
                rows = selectors.monitoring_sheet(
                    user=actor, sampled=[(each.beneficiary.pk, each.link) for each in links]
                )
                if values["links"] in ("csv", "xlsx"):
                    stem = f"monitoring-{monitoring.pk}-links"
                    return exports.table_response(
                        values["links"],
                        sheet_table(rows, title=stem),
                        filename=exports.file_name(stem, values["links"]),
                    )
                return render(
                    request,
                    "assistance/monitoring_sheet.html",
                    {"cycle": cycle, "monitoring": monitoring, "rows": rows},
                )
    return render(
        request,
        "assistance/monitoring_form.html",
        {"cycle": cycle, "form": form},
        status=status,
    )

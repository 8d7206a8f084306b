"""Recording an SDG 2 value by hand, e.g. a national statistics office's figure that the UN
database lacks, or correcting the one held."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunbula.core.access import require_permission, signed_in
from sunbula.core.forms import limit_choices_to_scope
from sunbula.core.views import form_page, posted, save_then_show
from sunbula.policy import selectors, services
from sunbula.policy.forms import IndicatorValueForm
from sunbula.policy.permissions import PolicyPerm


@require_http_methods(["GET", "POST"])
def indicator_record(request: HttpRequest) -> HttpResponse:
    """Record a value in one of the user's countries; one held for the same country, series
    and year is corrected. Afterwards, the list of that country's values of the series."""
    actor = signed_in(request.user)
    scope = require_permission(actor, PolicyPerm.IMPORT_INDICATORS)
    form = IndicatorValueForm(posted(request))
    limit_choices_to_scope(form, "country", scope)
    success, shown = None, reverse("policy:indicator_list")
    # What is said afterwards, and where, depends on what is recorded: read it first.
    if form.is_bound and form.is_valid():
        given = form.cleaned_data
        held = selectors.indicator_value_held(
            user=actor,
            country=given["country"],
            series_code=given["series_code"],
            year=given["year"],
        )
        words = {"series": given["series_code"], "year": given["year"]}
        success = (
            _("The %(series)s value for %(year)s is corrected.") % words
            if held
            else _("The %(series)s value for %(year)s is recorded.") % words
        )
        query = {"country": given["country"].iso3, "series": given["series_code"]}
        shown = f"{shown}?{urlencode(query)}"
    save = save_then_show(shown, services.indicator_value_record, actor=actor)
    context = {
        "title": _("Record an indicator value"),
        # Read only when the page is drawn, not when the form is saved.
        "series_codes": partial(selectors.indicator_series_codes, user=actor),
    }
    return form_page(
        request, form, save, context, success=success, template="policy/indicator_form.html"
    )

"""Exchange rates: the list everyone reads, and the form that records a dated rate."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sunbula.core import selectors, services
from sunbula.core.access import require_permission, signed_in
from sunbula.core.exports import Column
from sunbula.core.forms import DATE
from sunbula.core.models import Currency, ExchangeRate
from sunbula.core.permissions import Perm
from sunbula.core.views import ListPage, form_page, posted, save_then_show

RATE_COLUMNS: tuple[Column[ExchangeRate], ...] = (
    Column(gettext_lazy("Currency"), lambda rate: rate.currency.code),
    Column(gettext_lazy("In force from"), lambda rate: rate.valid_from),
    Column(gettext_lazy("Units per US dollar"), lambda rate: rate.units_per_usd),
    Column(gettext_lazy("Source"), lambda rate: rate.source),
)


class RateForm(forms.Form):
    currency = forms.ModelChoiceField(
        label=gettext_lazy("Currency"),
        queryset=Currency.objects.order_by("code"),
        to_field_name="code",
    )
    valid_from = forms.DateField(label=gettext_lazy("In force from"), widget=DATE)
    units_per_usd = forms.DecimalField(
        label=gettext_lazy("Units per US dollar"), max_digits=20, decimal_places=8
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200)


class RateFilterForm(forms.Form):
    currency = forms.CharField(label=gettext_lazy("Currency"), required=False, max_length=3)


RATE_LIST = ListPage(
    "core/rate_list.html", RATE_COLUMNS, stem="exchange-rates", adding=Perm.MANAGE_EXCHANGE_RATE
)


@require_GET
def rate_list(request: HttpRequest) -> HttpResponseBase:
    form = RateFilterForm(request.GET)
    return RATE_LIST.filtered(request, form, selectors.exchange_rate_list)


@require_http_methods(["GET", "POST"])
def rate_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    require_permission(actor, Perm.MANAGE_EXCHANGE_RATE)
    return form_page(
        request,
        RateForm(posted(request)),
        save_then_show("core:rate_list", services.exchange_rate_record, actor=actor),
        {
            "title": _("Record an exchange rate"),
            "intro": _("Units of the currency that buy one US dollar, in force from a date."),
        },
        success=_("Rate recorded."),
    )

"""Forms for the situation pages; they validate input, services do the writing."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.forms import (
    country_choice_by_iso3,
    limit_choices_to_scope,
    limit_countries_to_scope,
)
from sunbula.core.imports import ImportFileField
from sunbula.core.models import AdminArea, Country, Currency, Site
from sunbula.core.validation import is_to_come
from sunbula.monitoring.imports import PHASE_POPULATIONS
from sunbula.monitoring.models import (
    FUTURE_PUBLICATION,
    Classification,
    CommodityCategory,
    Market,
    PeriodType,
    PriceType,
)


class DatasetImportForm(forms.Form):
    country = country_choice_by_iso3()
    name = forms.CharField(label=_("Name of the analysis"), max_length=255)
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    source = forms.CharField(label=_("Source"), max_length=255)
    published_on = forms.DateField(label=_("Published on"), help_text=_("For example 2024-03-01."))
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices)
    file = ImportFileField(
        importer=PHASE_POPULATIONS,
        label=_("CSV file"),
        help_text=_("HXL-tagged or plain CSV, UTF-8."),
    )

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        countries = scope.filter(Country.objects.filter(admin_areas__isnull=False), "pk")
        self.fields["country"].queryset = countries.distinct().order_by("name")  # type: ignore[attr-defined]

    def clean_published_on(self) -> datetime.date:
        published_on: datetime.date = self.cleaned_data["published_on"]
        if is_to_come(published_on):
            raise forms.ValidationError(FUTURE_PUBLICATION)
        return published_on


class MapForm(forms.Form):
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices, required=False)
    measure = forms.ChoiceField(
        label=_("Colour by"),
        required=False,
        choices=[("phase", _("Area phase")), ("p3plus", _("People in phase 3 or worse"))],
    )


class MarketForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    name = forms.CharField(label=_("Name of the market"), max_length=200)
    admin_area = forms.ModelChoiceField(
        label=_("Admin area"), queryset=AdminArea.objects.order_by("p_code"), required=False
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.order_by("name"), required=False
    )

    def __init__(
        self, *args: object, scope: Scope, market: Market | None = None, **kwargs: object
    ) -> None:
        """A new market's form, or `market`'s: a market stays in its country, so its form
        offers the areas and sites of that country only."""
        if market is not None:
            kwargs.setdefault(
                "initial",
                {"name": market.name, "admin_area": market.admin_area, "site": market.site},
            )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit_countries_to_scope(self, scope)
        limit_choices_to_scope(self, "admin_area", scope)
        limit_choices_to_scope(self, "site", scope)
        if market is not None:
            del self.fields["country"]
            for name in ("admin_area", "site"):
                field = self.fields[name]
                field.queryset = field.queryset.filter(country=market.country)  # type: ignore[attr-defined]


class PriceForm(forms.Form):
    commodity = forms.CharField(
        label=_("Commodity"), max_length=120, help_text=_("For example Wheat flour.")
    )
    category = forms.ChoiceField(label=_("Commodity category"), choices=CommodityCategory.choices)
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("For example KG, 50 KG, L."))
    price_type = forms.ChoiceField(
        label=_("Price type"), choices=PriceType.choices, initial=PriceType.RETAIL
    )
    price = forms.DecimalField(label=_("Price"), max_digits=14, decimal_places=4)
    currency = forms.ModelChoiceField(
        label=_("Currency"), queryset=Currency.objects.order_by("code"), to_field_name="code"
    )
    observed_on = forms.DateField(label=_("Observed on"), help_text=_("For example 2024-03-01."))

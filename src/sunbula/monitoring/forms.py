"""Forms for the situation pages; they validate input, services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.imports import ImportFileField
from sunbula.core.models import Country
from sunbula.monitoring.imports import PHASE_POPULATIONS
from sunbula.monitoring.models import Classification, PeriodType


class DatasetImportForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="iso3"
    )
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


class MapForm(forms.Form):
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices, required=False)
    measure = forms.ChoiceField(
        label=_("Colour by"),
        required=False,
        choices=[("phase", _("Area phase")), ("p3plus", _("People in phase 3 or worse"))],
    )

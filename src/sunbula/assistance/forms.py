"""Forms for planning cycles and recording distributions; they validate input, services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.imports import DISTRIBUTION_LIST
from sunbula.assistance.models import GRAM, Collector, Cycle, RuleField
from sunbula.core.forms import DATE, TranslatedFieldsMixin
from sunbula.core.imports import ImportFileField
from sunbula.core.models import Site
from sunbula.learning.models import RESPONDENT_LANGUAGES, Survey
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.supply.models import Commodity

# What a cycle's distributions feed: the project's indicators and the period they count in.
ACTUALS_FIELDS = ("people_indicator", "kg_indicator", "inputs_indicator", "reporting_period")


def _indicator_label(indicator: Indicator) -> str:
    """An indicator with the code of its project: two projects measure alike under one title."""
    return f"{indicator} ({indicator.result.project.code})"


def _period_label(period: ReportingPeriod) -> str:
    """A reporting period with the code of its project: two projects report over the same
    dates."""
    return f"{period} ({period.project.code})"


class _ActualsChoices:
    """The indicators and reporting periods a cycle may feed, among `projects`' own, each
    named with its project's code."""

    fields: dict[str, forms.Field]

    def limit_actuals_to(self, projects: QuerySet[Project]) -> None:
        indicators = Indicator.objects.filter(result__project__in=projects).select_related(
            "result__project"
        )
        for name in ACTUALS_FIELDS[:-1]:
            self.fields[name].queryset = indicators  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = _indicator_label  # type: ignore[attr-defined]
        period = self.fields["reporting_period"]
        period.queryset = ReportingPeriod.objects.filter(  # type: ignore[attr-defined]
            project__in=projects
        ).select_related("project")
        period.label_from_instance = _period_label  # type: ignore[attr-defined]


class CycleForm(_ActualsChoices, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("name",)

    class Meta:
        model = Cycle
        fields = (
            "project",
            "country",
            "name",
            "period_start",
            "period_end",
            "ration_kind",
            *ACTUALS_FIELDS,
        )
        widgets = {"period_start": DATE, "period_end": DATE}


class CycleEditForm(_ActualsChoices, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("name",)

    class Meta:
        model = Cycle
        fields = ("name", "period_start", "period_end", "ration_kind", *ACTUALS_FIELDS)
        widgets = {"period_start": DATE, "period_end": DATE}


class RationLineForm(forms.Form):
    commodity = forms.ModelChoiceField(label=_("Commodity"), queryset=Commodity.objects)
    quantity = forms.DecimalField(
        label=_("Quantity (in the commodity's unit)"),
        min_value=GRAM,
        max_digits=14,
        decimal_places=3,
    )


class RuleForm(forms.Form):
    field = forms.ChoiceField(label=_("Target on"), choices=RuleField.choices)
    value = forms.CharField(
        label=_("Value"),
        max_length=200,
        help_text=_("A displacement status, vulnerability, P-code, institution kind or size."),
    )


class EntitlementReduceForm(forms.Form):
    quantity = forms.DecimalField(
        label=_("New entitlement (in the commodity's unit)"),
        min_value=GRAM,
        max_digits=14,
        decimal_places=3,
        help_text=_("Lower only: never below what was handed over already."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class _CommodityAtSiteForm(forms.Form):
    """A form with a `commodity` and a `site` to choose, among those the view passes (the
    ones the user may hand out from)."""

    def __init__(self, *args: Any, commodities: Any = None, sites: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if commodities is not None:
            self.fields["commodity"].queryset = commodities  # type: ignore[attr-defined]
        if sites is not None:
            self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class DistributionForm(_CommodityAtSiteForm):
    reference = forms.CharField(
        label=_("Beneficiary reference"),
        max_length=200,
        help_text=_("Type it, or scan the entitlement card."),
    )
    commodity = forms.ModelChoiceField(label=_("Commodity"), queryset=Commodity.objects)
    site = forms.ModelChoiceField(label=_("Distribution site"), queryset=Site.objects)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=GRAM, max_digits=14, decimal_places=3
    )
    distributed_on = forms.DateField(label=_("Distributed on"), widget=DATE)
    # Left out (an older form, a script), the goods went to the beneficiary.
    collector = forms.TypedChoiceField(
        label=_("Handed to"),
        choices=Collector.choices,
        initial=Collector.BENEFICIARY,
        required=False,
        empty_value=Collector.BENEFICIARY,
    )
    # The hand-over's own reference, from paper: the ledger keeps it after the person is erased.
    voucher = forms.CharField(
        label=_("Voucher or receipt number"),
        max_length=60,
        required=False,
        help_text=_(
            "The number on the paper voucher or ration-card stub, if there is one. Never a "
            "name or an ID number; left empty, a reference that names no one is made."
        ),
    )


class LookupForm(forms.Form):
    """The desk's search: a beneficiary's reference, typed or scanned from the card."""

    reference = forms.CharField(label=_("Find a beneficiary"), max_length=200, required=False)


class DistributionListForm(_CommodityAtSiteForm):
    commodity = forms.ModelChoiceField(label=_("Commodity"), queryset=Commodity.objects)
    site = forms.ModelChoiceField(label=_("Distribution site"), queryset=Site.objects)
    distributed_on = forms.DateField(label=_("Distributed on"), widget=DATE)
    file = ImportFileField(
        label=_("Distribution list (CSV or XLSX: columns reference, quantity)"),
        importer=DISTRIBUTION_LIST,
    )


class MonitoringForm(forms.Form):
    """Start post-distribution monitoring: which survey, how large a sample, from which seed."""

    survey = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=Survey.objects.none(),
        required=False,
        empty_label=_("The standard questionnaire (made now)"),
    )
    sample_size = forms.IntegerField(label=_("Sample size"), min_value=1, required=False)
    percent = forms.DecimalField(
        label=_("or percentage of those served"),
        min_value=Decimal("0.1"),
        max_value=Decimal(100),
        decimal_places=1,
        required=False,
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2_147_483_647,
        help_text=_("The same seed draws the same sample again."),
    )
    language = forms.ChoiceField(label=_("Language of the survey"), choices=RESPONDENT_LANGUAGES)
    links = forms.ChoiceField(
        label=_("Links"),
        choices=[
            ("page", _("A page to print")),
            ("csv", _("CSV file")),
            ("xlsx", _("XLSX file")),
        ],
        initial="page",
    )

    def __init__(self, *args: Any, surveys: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if surveys is not None:
            self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        if (values.get("sample_size") is None) == (values.get("percent") is None):
            raise forms.ValidationError(
                _("Give either a sample size or a percentage of those served.")
            )
        return values

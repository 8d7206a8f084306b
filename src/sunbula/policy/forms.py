"""Forms for policy pages; they validate input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.forms import TranslatedFieldsMixin, country_choice_by_iso3
from sunbula.core.imports import ImportFileField
from sunbula.core.models import Country
from sunbula.policy.imports import SDG_VALUES
from sunbula.policy.models import (
    YEAR_VALIDATORS,
    AssessmentFramework,
    CoordinatingBody,
    Criterion,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    Strategy,
)


class ProfileCreateForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Member state"),
        queryset=Country.objects.none(),
        to_field_name="iso3",
        error_messages={"invalid_choice": _("Choose a member state in your countries.")},
    )

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]


class StrategyForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Strategy
        fields = ("name", "start_year", "end_year", "status", "adopting_body", "reference")
        labels = {"name": _("Title (English)")}


class LegalInstrumentForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LegalInstrument
        fields = ("name", "kind", "date_of_text", "faolex_id", "amends", "repeals")
        labels = {"name": _("Title (English)")}

    def __init__(self, *args: Any, profile: PolicyProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Another text of the same country: one being changed does not amend itself.
        same_country = LegalInstrument.objects.filter(profile=profile).exclude(pk=self.instance.pk)
        self.fields["amends"].queryset = same_country  # type: ignore[attr-defined]
        self.fields["repeals"].queryset = same_country  # type: ignore[attr-defined]


class CoordinatingBodyForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CoordinatingBody
        fields = (
            "name",
            "legal_basis",
            "chair",
            "members",
            "has_civil_society_seat",
            "has_private_sector_seat",
            "meeting_frequency",
        )


class DecisionForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PolicyDecision
        fields = ("name", "group", "decided_on")
        labels = {"name": _("Decision (English)")}


class IndicatorImportForm(forms.Form):
    file = ImportFileField(
        importer=SDG_VALUES,
        label=_("CSV or XLSX file"),
        help_text=_("A download from the UN SDG Global Database: CSV in UTF-8, or XLSX."),
    )
    retrieved_on = forms.DateField(label=_("Retrieved on"), initial=timezone.localdate)
    source = forms.CharField(label=_("Source"), max_length=120, initial="UN SDG Global Database")


class IndicatorValueForm(forms.Form):
    """One SDG 2 value by hand, e.g. a national statistics office's figure that the UN
    database lacks; the country is limited to the user's by the view."""

    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(member_state__isnull=False).order_by("name"),
        to_field_name="iso3",
    )
    series_code = forms.CharField(
        label=_("Series code"),
        max_length=30,
        validators=IndicatorValue._meta.get_field("series_code").validators,
        help_text=_("A UN series code, e.g. SN_ITK_DEFC."),
        widget=forms.TextInput(attrs={"list": "series-codes", "autocomplete": "off"}),
    )
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    qualifier = forms.ChoiceField(
        label=capfirst(_("qualifier")),
        required=False,
        choices=[("", _("None: the value itself")), ("<", "<"), (">", ">")],
        help_text=_("“<” where the true value is below the one given, e.g. <2.5."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    units = forms.CharField(label=capfirst(_("units")), max_length=40, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        help_text=_("Who published the figure, e.g. the national statistics office."),
    )
    retrieved_on = forms.DateField(label=_("Retrieved on"), initial=timezone.localdate)


class ScoreForm(forms.Form):
    criterion: forms.ModelChoiceField[Criterion] = forms.ModelChoiceField(
        label=_("Criterion"), queryset=Criterion.objects.none()
    )
    country = country_choice_by_iso3()
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[
            (0, _("0 – not met")),
            (1, _("1 – partly met")),
            (2, _("2 – largely met")),
            (3, _("3 – fully met")),
        ],
    )
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, framework: AssessmentFramework, scope: Scope, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = framework.criteria.all()  # type: ignore[attr-defined]
        countries = scope.filter(Country.objects.filter(member_state__isnull=False), "pk")
        self.fields["country"].queryset = countries.order_by("name")  # type: ignore[attr-defined]


class SnapshotForm(forms.Form):
    taken_on = forms.DateField(label=_("Profiles as published on"), initial=timezone.localdate)


class IndicatorFilterForm(forms.Form):
    """The filters of the SDG 2 values list, by the names its links use (`?country=AFG`)."""

    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=3)
    series = forms.CharField(label=_("Series code"), required=False, max_length=30)

    def clean_series(self) -> str:
        """The code in capitals, as the UN writes it (sn_itk_defc reads as SN_ITK_DEFC)."""
        code = str(self.cleaned_data["series"]).strip().upper()
        if code:
            for validate in IndicatorValue._meta.get_field("series_code").validators:
                validate(code)
        return code


class MapForm(forms.Form):
    series = forms.ChoiceField(label=_("Indicator"), required=False, choices=[])

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = choices  # type: ignore[attr-defined]

"""Forms for programme pages; they validate input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sunbula.core.forms import (
    DATE,
    OwnIdsMixin,
    SearchFilterForm,
    TranslatedFieldsMixin,
    country_choice_by_iso3,
    optional_choice,
)
from sunbula.core.models import AdminArea, Country, Currency, Organisation
from sunbula.programmes.models import (
    PERCENT,
    ActivityStatus,
    AgeGroup,
    Budget,
    DacSector,
    Displacement,
    GoverningBodyDecision,
    Indicator,
    ParticipatingOrganisation,
    Programme,
    Project,
    ReportingPeriod,
    Result,
    Sex,
)


def _limit(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared as one
    field.queryset = queryset


class ProgrammeForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("name", "description")

    class Meta:
        model = Programme
        fields = ("code", "name", "description", "reporting_organisation", "iati_reporting_ref")


class DecisionForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("body",)

    class Meta:
        model = GoverningBodyDecision
        fields = ("body", "kind", "place", "held_from", "held_until")
        widgets = {"held_from": DATE, "held_until": DATE}


class ProjectForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A project; its recipient country is one where the user may manage projects."""

    translated = ("title", "description")

    class Meta:
        model = Project
        fields = (
            "code",
            "title",
            "description",
            "programme",
            "status",
            "recipient_country",
            "recipient_region",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "currency",
            "humanitarian",
            "humanitarian_scope_type",
            "humanitarian_scope_code",
        )
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "actual_start": DATE,
            "actual_end": DATE,
        }

    def __init__(
        self, *args: Any, countries: QuerySet[Country], every_country: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "recipient_country", countries)
        _limit(self, "currency", Currency.objects.order_by("code"))
        if not every_country:
            # Work across several countries is for those who manage every country.
            self.fields["recipient_region"].disabled = True
            self.fields["recipient_country"].required = True


class LocationRowForm(forms.Form):
    admin_area = forms.ModelChoiceField(label=_("Admin area"), queryset=AdminArea.objects.none())
    percentage = forms.DecimalField(
        label=_("Percentage"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    def __init__(
        self, *args: Any, areas: QuerySet[AdminArea], choices: list[tuple[Any, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "admin_area", areas)
        # Every row offers the same areas: read them once for the whole set of rows.
        self.fields["admin_area"].choices = choices  # type: ignore[attr-defined]


def location_form_kwargs(areas: QuerySet[AdminArea]) -> dict[str, Any]:
    """The rows' arguments: the areas to validate against and their options, read once."""
    return {
        "areas": areas,
        "choices": [("", "---------"), *((area.pk, f"{area.p_code} {area}") for area in areas)],
    }


class SectorRowForm(forms.Form):
    code = forms.ChoiceField(label=_("DAC sector"), choices=DacSector.choices)
    percentage = forms.DecimalField(
        label=_("Percentage"), max_digits=5, decimal_places=2, validators=PERCENT
    )


LocationFormSet = forms.formset_factory(LocationRowForm, extra=2, can_delete=True)
SectorFormSet = forms.formset_factory(SectorRowForm, extra=2, can_delete=True)


def formset_rows(formset: forms.BaseFormSet[Any], key: str) -> list[tuple[Any, Any]]:
    """The filled rows of a valid formset, without those marked for removal."""
    return [
        (form.cleaned_data[key], form.cleaned_data["percentage"])
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ParticipantForm(OwnIdsMixin, forms.ModelForm):  # type: ignore[type-arg]
    id_prefix = "participant"

    class Meta:
        model = ParticipatingOrganisation
        fields = ("organisation", "role", "funding_share")

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "organisation", organisations)


class BudgetForm(OwnIdsMixin, forms.ModelForm):  # type: ignore[type-arg]
    id_prefix = "budget"

    class Meta:
        model = Budget
        fields = ("period_start", "period_end", "amount", "currency", "status")
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "currency", Currency.objects.order_by("code"))


class ResultForm(OwnIdsMixin, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    id_prefix = "result"
    translated = ("title",)

    class Meta:
        model = Result
        fields = ("level", "title")


class IndicatorChangeForm(OwnIdsMixin, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """An indicator's wording, measure, baseline and disaggregation: what correcting it may
    change (services.indicator_update)."""

    id_prefix = "indicator"
    translated = ("title",)

    class Meta:
        model = Indicator
        fields: tuple[str, ...] = (
            "title",
            "measure",
            "unit",
            "baseline_year",
            "baseline_value",
            "by_sex",
            "by_age_group",
            "by_displacement",
        )


class IndicatorForm(IndicatorChangeForm):
    """A new indicator of one of the project's results."""

    class Meta(IndicatorChangeForm.Meta):
        fields = ("result", *IndicatorChangeForm.Meta.fields)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "result", Result.objects.filter(project=project))


class TargetForm(OwnIdsMixin, forms.Form):
    id_prefix = "target"
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.none()
    )
    value = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "indicator", Indicator.objects.filter(result__project=project))
        _limit(self, "period", ReportingPeriod.objects.filter(project=project))


class ProjectFilterForm(SearchFilterForm):
    status = optional_choice(_("Status"), _("Any status"), ActivityStatus.choices)
    past_end = forms.BooleanField(label=_("Past its end, still in implementation"), required=False)


class ActualForm(forms.Form):
    """An actual for one indicator of the project, in total or for one group."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    sex = optional_choice(_("Sex"), _("All"), Sex.choices)
    age_group = optional_choice(_("Age group"), _("All"), AgeGroup.choices)
    displacement = optional_choice(_("Displacement status"), _("All"), Displacement.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=255)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = Indicator.objects.filter(result__project=project)


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=500)


class ThreeWImportForm(forms.Form):
    country = country_choice_by_iso3(
        help_text=_(
            "Countries of yours whose provinces are loaded: each row names its province by "
            "its p-code."
        )
    )
    file = forms.FileField(label=_("3W table (HXL-tagged CSV)"))

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = countries


class PeriodForm(OwnIdsMixin, forms.ModelForm):  # type: ignore[type-arg]
    id_prefix = "period"

    class Meta:
        model = ReportingPeriod
        fields = ("period_start", "period_end")
        widgets = {"period_start": DATE, "period_end": DATE}

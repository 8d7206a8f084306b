"""Forms for programme pages; they validate input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.models import Country
from sunbula.programmes.models import (
    ActivityStatus,
    AgeGroup,
    Displacement,
    Indicator,
    Project,
    Sex,
)


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ActivityStatus.choices]
    )


class ActualForm(forms.Form):
    """An actual for one indicator of the project, in total or for one group."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All")), *Sex.choices])
    age_group = forms.ChoiceField(
        label=_("Age group"), required=False, choices=[("", _("All")), *AgeGroup.choices]
    )
    displacement = forms.ChoiceField(
        label=_("Displacement status"),
        required=False,
        choices=[("", _("All")), *Displacement.choices],
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=255)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = Indicator.objects.filter(result__project=project)


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=500)


class ThreeWImportForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="iso3"
    )
    file = forms.FileField(label=_("3W table (HXL-tagged CSV)"))

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = countries

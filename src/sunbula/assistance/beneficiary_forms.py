"""The form that adds one person, household or institution to a cycle by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.models import Cycle
from sunbula.core.models import User
from sunbula.registry.models import Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm


class BeneficiaryAddForm(forms.Form):
    """One of: a person or a household by its registry number, or an institution; only
    records of the cycle's country that the user may see are offered."""

    person = forms.ModelChoiceField(
        label=_("Person (registry number)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.NumberInput,
    )
    household = forms.ModelChoiceField(
        label=_("Household (registry number)"),
        queryset=Household.objects.none(),
        required=False,
        widget=forms.NumberInput,
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = cycle.country_id
        fields = self.fields
        fields["person"].queryset = Person.objects.visible_to(  # type: ignore[attr-defined]
            user, RegistryPerm.VIEW_REGISTRY
        ).filter(country_id=country)
        fields["household"].queryset = Household.objects.visible_to(  # type: ignore[attr-defined]
            user, RegistryPerm.VIEW_REGISTRY
        ).filter(country_id=country)
        fields["institution"].queryset = Institution.objects.visible_to(  # type: ignore[attr-defined]
            user, RegistryPerm.VIEW_INSTITUTION
        ).filter(country_id=country)

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        given = [name for name in ("person", "household", "institution") if values.get(name)]
        if len(given) != 1:
            raise ValidationError(_("Give one person, household or institution."))
        return values

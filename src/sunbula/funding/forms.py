"""Forms for funding pages; they check input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser
from sunbula.core.models import Country, Currency, Organisation
from sunbula.funding import selectors
from sunbula.funding.models import Commitment, ContributionType, Earmarking
from sunbula.partners.models import Agreement
from sunbula.programmes.models import DacSector, Project

DATE = forms.DateInput(attrs={"type": "date"})


class PledgeForm(forms.Form):
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Organisation.objects.none())
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    currency = forms.ModelChoiceField(
        label=_("Currency"),
        queryset=Currency.objects.none(),
        to_field_name="code",
    )
    country = forms.ModelChoiceField(
        label=_("Destination country"),
        queryset=Country.objects.none(),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", "—"), *DacSector.choices]
    )
    contribution_type = forms.ChoiceField(
        label=_("Contribution type"), choices=ContributionType.choices
    )
    commodity = forms.CharField(label=_("Commodity"), required=False, max_length=120)
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, max_digits=16, decimal_places=3
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20)
    earmarking = forms.ChoiceField(
        label=_("Earmarking"), choices=Earmarking.choices, initial=Earmarking.EARMARKED
    )
    budget_year = forms.IntegerField(label=_("First budget year"), min_value=1990, max_value=2100)
    last_year = forms.IntegerField(
        label=_("Last budget year"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = selectors.donor_options(user=user)  # type: ignore[attr-defined]
        self.fields["currency"].queryset = selectors.currency_options(user=user)  # type: ignore[attr-defined]
        self.fields["country"].queryset = selectors.destination_countries(user=user)  # type: ignore[attr-defined]
        self.fields["project"].queryset = selectors.destination_projects(user=user)  # type: ignore[attr-defined]
        self.fields["donor"].widget.attrs["autofocus"] = True

    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        for name in ("commodity", "unit", "sector"):
            values[name] = values.get(name) or ""
        return values


class RevisionForm(forms.Form):
    amount = forms.DecimalField(label=_("New pledged amount"), max_digits=18, decimal_places=2)
    revised_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class CommitmentForm(forms.Form):
    committed_on = forms.DateField(label=_("Committed on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, max_digits=16, decimal_places=3
    )

    def __init__(self, *args: Any, agreements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreements is not None:
            self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    commitment = forms.ModelChoiceField(label=_("Commitment"), queryset=Commitment.objects.none())
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    currency = forms.ModelChoiceField(
        label=_("Currency"),
        queryset=Currency.objects.none(),
        to_field_name="code",
    )
    quantity = forms.DecimalField(
        label=_("Quantity received"), required=False, max_digits=16, decimal_places=3
    )

    def __init__(self, *args: Any, commitments: Any, currencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]
        self.fields["currency"].queryset = currencies  # type: ignore[attr-defined]

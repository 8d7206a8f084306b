"""Forms for funding pages; they check input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser
from sunbula.core.figures import day
from sunbula.core.forms import (
    DATE,
    OwnIdsMixin,
    SearchFilterForm,
    TranslatedFieldsMixin,
    optional_choice,
)
from sunbula.core.models import Country, Currency, Organisation
from sunbula.core.selectors import country_options
from sunbula.funding import selectors
from sunbula.funding.commodities import CommodityOption, commodity_options
from sunbula.funding.models import (
    Appeal,
    Commitment,
    ContributionType,
    Destination,
    DonorConference,
    Earmarking,
    FundingRequirement,
    Modality,
    Pledge,
)
from sunbula.funding.permissions import FundingPerm
from sunbula.funding.services import CONFERENCE_DETAILS
from sunbula.partners.models import Agreement, FocalPoint
from sunbula.programmes.models import DacSector, Project
from sunbula.programmes.permissions import ProgrammePerm


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
    sector = optional_choice(_("Sector"), "—", DacSector.choices)
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
    budget_year = forms.IntegerField(
        label=_("First budget year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Left empty, the year pledged."),
    )
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


class _OnePageForm(OwnIdsMixin, forms.Form):
    """One of several forms on a pledge's page: its own ids, so each label finds its field."""


class RevisionForm(_OnePageForm):
    id_prefix = "revision"
    amount = forms.DecimalField(label=_("New pledged amount"), max_digits=18, decimal_places=2)
    revised_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class CancelForm(_OnePageForm):
    id_prefix = "cancel"
    cancelled_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class CommitmentForm(_OnePageForm):
    id_prefix = "commitment"
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


class CommitmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of commitment, dated in the reader's format (its `__str__` stays the same in
    every language, as the audit trail keeps it)."""

    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.pledge.reference} · {day(obj.committed_on, html=False)}"


class PaymentForm(_OnePageForm):
    id_prefix = "payment"
    commitment = CommitmentChoiceField(label=_("Commitment"), queryset=Commitment.objects.none())
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


def _years() -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)


class ConferenceForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A donor conference; its country decides who sees it."""

    translated = ("title",)

    class Meta:
        model = DonorConference
        fields = ("title", *CONFERENCE_DETAILS)
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["country"].queryset = country_options(
            user=user, permission=FundingPerm.MANAGE_CONFERENCE
        )
        fields["appeal"].queryset = selectors.appeal_options(user=user)
        fields["co_hosts"].queryset = selectors.donor_options(user=user)
        fields["co_hosts"].widget.attrs["size"] = 8


class AppealForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Appeal
        fields = ("code", "name", "country")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_options(  # type: ignore[attr-defined]
            user=user, permission=FundingPerm.MANAGE_REQUIREMENT
        )


class RequirementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FundingRequirement
        fields = ("country", "appeal", "programme", "project", "year", "amount_usd")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["country"].queryset = country_options(
            user=user, permission=FundingPerm.MANAGE_REQUIREMENT
        )
        fields["appeal"].queryset = selectors.appeal_options(user=user)
        fields["programme"].queryset = selectors.programme_options(
            user=user, permission=ProgrammePerm.VIEW_PROJECT
        )
        fields["project"].queryset = selectors.project_options(
            user=user, permission=ProgrammePerm.VIEW_PROJECT
        )


class PledgeEditForm(forms.Form):
    """Correct a pledge: its focal point, and what an in-kind pledge gives."""

    focal_point = forms.ModelChoiceField(
        label=_("Focal point"), queryset=FocalPoint.objects.none(), required=False
    )
    earmarking = forms.ChoiceField(label=_("Earmarking"), choices=Earmarking.choices)
    sector = optional_choice(_("Sector"), "—", DacSector.choices)

    def __init__(self, *args: Any, user: AnyUser, pledge: Pledge, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "focal_point": pledge.focal_point_id,
                "earmarking": pledge.earmarking,
                "sector": pledge.sector,
                "commodity": pledge.commodity,
                "quantity": pledge.quantity,
                "unit": pledge.unit,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["focal_point"].queryset = selectors.focal_point_options(  # type: ignore[attr-defined]
            user=user, donor=pledge.donor
        )
        self.fields["focal_point"].help_text = _(
            "The donor's contacts, recorded with its partnership."
        )
        self.options: list[CommodityOption] = []
        if pledge.is_in_kind:
            self.options = commodity_options()
            choices = [(option.code, option.label) for option in self.options]
            self.fields["commodity"] = forms.ChoiceField(
                label=_("Commodity"),
                choices=[("", "—"), *choices],
                help_text=_("The commodity the goods will be received into stock as."),
            )
            self.fields["quantity"] = forms.DecimalField(
                label=_("Quantity"), max_digits=16, decimal_places=3
            )
            self.fields["unit"] = forms.CharField(
                label=_("Unit"), max_length=20, help_text=_("e.g. t, kg")
            )
            current = self.initial.get("commodity") or ""
            matched = next(
                (
                    option
                    for option in self.options
                    if current.strip().casefold()
                    in (option.code.casefold(), option.name.casefold())
                ),
                None,
            )
            self.initial["commodity"] = matched.code if matched else ""

    def clean_commodity(self) -> str:
        """The chosen commodity's English name, which goods are received by."""
        code = self.cleaned_data.get("commodity") or ""
        chosen = next((option for option in self.options if option.code == code), None)
        return chosen.name if chosen else code


class PaymentEditForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    quantity = forms.DecimalField(
        label=_("Quantity received"), required=False, max_digits=16, decimal_places=3
    )


class CountryFilterForm(SearchFilterForm):
    """A search of a funding list, narrowed to one of the countries whose funding the user
    sees."""

    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_options(  # type: ignore[attr-defined]
            user=user, permission=FundingPerm.VIEW_FUNDING
        )


class ConferenceFilterForm(CountryFilterForm):
    modality = optional_choice(_("Modality"), _("Any"), Modality.choices)
    year = _years()


class AppealFilterForm(CountryFilterForm):
    """Appeals are narrowed by their country alone."""


class RequirementFilterForm(CountryFilterForm):
    appeal = forms.ModelChoiceField(
        label=_("Appeal"), required=False, queryset=Appeal.objects.none(), empty_label=_("Any")
    )
    year = _years()

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["appeal"].queryset = selectors.appeal_options(user=user)  # type: ignore[attr-defined]


class PledgeFilterForm(CountryFilterForm):
    status = optional_choice(_("Status"), _("Any"), Pledge.Status.choices)
    contribution_type = optional_choice(_("Contribution type"), _("Any"), ContributionType.choices)
    year = _years()
    destination = optional_choice(_("Pledged to"), _("Any"), Destination.choices)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Opened from a conference's page or a total of the funding overview.
        view = FundingPerm.VIEW_FUNDING
        self.offer_when_given(
            "conference", _("Conference"), selectors.conference_options(user=user)
        )
        self.offer_when_given(
            "project", _("Project"), selectors.project_options(user=user, permission=view)
        )
        self.offer_when_given(
            "programme", _("Programme"), selectors.programme_options(user=user, permission=view)
        )

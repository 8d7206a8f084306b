from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.allocation.models import Mode
from sunbula.core.validation import MAX_HEADCOUNT

# No ration asks more of a person's day than this.
MAX_KCAL_PER_DAY = 4000
MAX_GRAMS_PER_DAY = Decimal(1000)


class ProposeForm(forms.Form):
    mode = forms.ChoiceField(label=_("When supply falls short"), choices=Mode.choices)
    floor_kcal = forms.IntegerField(
        label=_("Ration floor (kcal per person per day)"),
        min_value=1,
        max_value=MAX_KCAL_PER_DAY,
        initial=1680,
    )
    cost_per_tonne_km = forms.DecimalField(
        label=_("Transport cost (USD per tonne-kilometre)"),
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=4,
        initial=Decimal("0.10"),
        required=False,
        help_text=_(
            "Routes are measured between the sites' coordinates, 1.3 times as the crow flies."
        ),
    )

    def clean_cost_per_tonne_km(self) -> Decimal:
        cost: Decimal | None = self.cleaned_data.get("cost_per_tonne_km")
        return Decimal("0.10") if cost is None else cost


class LineForm(forms.Form):
    # Typed as the reader writes numbers (2072,407 in French and Russian) or as a browser's
    # number field sends them (2072.407).
    kg = forms.DecimalField(
        label=_("Quantity (kg)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=3,
        localize=True,
    )


class BasketForm(forms.Form):
    people = forms.IntegerField(
        label=_("People"), min_value=1, max_value=MAX_HEADCOUNT, initial=1000
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366, initial=30)
    kcal = forms.IntegerField(
        label=_("Energy (kcal per person per day)"),
        min_value=1,
        max_value=MAX_KCAL_PER_DAY,
        initial=2100,
    )
    protein_g = forms.DecimalField(
        label=_("Protein (g per person per day)"),
        min_value=Decimal(0),
        max_value=MAX_GRAMS_PER_DAY,
        initial=Decimal("52.5"),
    )
    fat_g = forms.DecimalField(
        label=_("Fat (g per person per day)"),
        min_value=Decimal(0),
        max_value=MAX_GRAMS_PER_DAY,
        initial=Decimal(40),
    )

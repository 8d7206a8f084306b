"""Forms for stock that leaves a store other than by waybill: a loss, expired stock."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.supply.models import LossCause


class StockLossForm(forms.Form):
    """Stock lost in a store after custody passed (spoilage, theft…), with its cause."""

    quantity = forms.DecimalField(
        label=_("Quantity lost"), min_value=0, max_digits=14, decimal_places=3
    )
    cause = forms.ChoiceField(label=_("Cause of loss"), choices=LossCause.choices)
    reference = forms.CharField(label=_("Document reference"), max_length=60)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class WriteOffForm(forms.Form):
    """Expired stock put forward for writing off; all of it unless a quantity is given."""

    quantity = forms.DecimalField(
        label=_("Quantity to write off"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
        help_text=_("Leave empty to write off all that is on hand."),
    )

"""Forms for the goods-received note and the receipt of an in-kind contribution."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.models import Organisation, Site
from sunbula.supply.models import LossCause, LossStage, Lot, WaybillLine


class GoodsReceivedForm(forms.Form):
    """One set of fields per waybill line: received quantity, cause and stage of any loss."""

    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, lines: Sequence[WaybillLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"received_{line.pk}"] = forms.DecimalField(
                label=_("Received of %(lot)s (sent %(sent)s)")
                % {"lot": line.lot.reference, "sent": line.quantity},
                min_value=0,
                max_digits=14,
                decimal_places=3,
                initial=line.quantity,
            )
            self.fields[f"cause_{line.pk}"] = forms.ChoiceField(
                label=_("Cause of loss"),
                choices=[("", "—"), *LossCause.choices],
                required=False,
            )
            self.fields[f"stage_{line.pk}"] = forms.ChoiceField(
                label=_("Stage of loss"),
                choices=[("", "—"), *LossStage.choices],
                required=False,
            )


class ContributionReceiveForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(label=_("Document reference"), max_length=60)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class WaybillForm(forms.Form):
    """A waybill with one line; more lines can follow through the API."""

    origin = forms.ModelChoiceField(label=_("Origin"), queryset=Site.objects.none())
    destination = forms.ModelChoiceField(label=_("Destination"), queryset=Site.objects.none())
    transporter = forms.ModelChoiceField(
        label=_("Transporter"), queryset=Organisation.objects.all(), required=False
    )
    vehicle = forms.CharField(label=_("Vehicle"), max_length=60, required=False)
    lot = forms.ModelChoiceField(label=_("Lot"), queryset=Lot.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.001"), max_digits=14, decimal_places=3
    )
    packages = forms.IntegerField(label=_("Packages"), min_value=0, initial=0)

    def __init__(
        self, *args: Any, origins: Any, destinations: Any, lots: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = origins  # type: ignore[attr-defined]
        self.fields["destination"].queryset = destinations  # type: ignore[attr-defined]
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]


class StockCountForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    lot = forms.ModelChoiceField(label=_("Lot"), queryset=Lot.objects.none())
    counted_quantity = forms.DecimalField(
        label=_("Counted quantity"), min_value=Decimal(0), max_digits=14, decimal_places=3
    )
    counted_on = forms.DateField(
        label=_("Counted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args: Any, sites: Any, lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]

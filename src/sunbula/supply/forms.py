"""Forms for commodities, stock-keeping sites, purchases, waybills, the goods-received note
and the receipt of an in-kind contribution."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core import figures
from sunbula.core.access import AnyUser
from sunbula.core.forms import DATE, SearchFilterForm, TranslatedFieldsMixin, optional_choice
from sunbula.core.models import Country, Currency, Organisation, Site
from sunbula.core.selectors import country_options
from sunbula.core.validation import is_to_come, kilograms_in_bounds
from sunbula.funding import selectors as funding_selectors
from sunbula.funding.forms import CommitmentChoiceField
from sunbula.funding.models import Commitment, Payment
from sunbula.funding.permissions import FundingPerm
from sunbula.supply import selectors
from sunbula.supply.models import (
    Category,
    Commodity,
    LossCause,
    LossStage,
    Lot,
    Provenance,
    PurchaseOrder,
    StockBalance,
    StockSite,
    Waybill,
    WaybillLine,
    packages_in_bounds,
)
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.services import (
    COMMODITY_DETAILS,
    PURCHASE_ORDER_GOODS,
    CountedLine,
    LineInput,
)


def _sent(line: WaybillLine) -> str:
    return figures.quantity(line.quantity, line.lot.commodity.base_unit, html=False)


class GoodsReceivedForm(forms.Form):
    """One set of fields per waybill line: received quantity, cause and stage of any loss.
    What is wrong with a line is said on that line's field (the service says it too, for
    every other channel)."""

    received_on = forms.DateField(label=_("Received on"), widget=DATE)

    def __init__(self, *args: Any, lines: Sequence[WaybillLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"received_{line.pk}"] = forms.DecimalField(
                label=_("Received of %(lot)s (sent %(sent)s)")
                % {"lot": line.lot.reference, "sent": _sent(line)},
                min_value=0,
                max_digits=14,
                decimal_places=3,
                initial=line.quantity,
            )
            self.fields[f"cause_{line.pk}"] = optional_choice(
                _("Cause of loss"), "—", LossCause.choices
            )
            self.fields[f"stage_{line.pk}"] = optional_choice(
                _("Stage of loss"), "—", LossStage.choices
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for line in self.lines:
            received = data.get(f"received_{line.pk}")
            if received is None:
                continue
            if received > line.quantity:
                self.add_error(
                    f"received_{line.pk}",
                    _("No more than the %(sent)s sent can arrive.") % {"sent": _sent(line)},
                )
            elif received < line.quantity:
                if not data.get(f"cause_{line.pk}"):
                    self.add_error(f"cause_{line.pk}", _("Choose a cause of loss."))
                if not data.get(f"stage_{line.pk}"):
                    self.add_error(f"stage_{line.pk}", _("Choose the stage of the loss."))
        return data


class DispatchForm(forms.Form):
    """The day a draft waybill leaves; today unless the dispatch is recorded afterwards."""

    dispatched_on = forms.DateField(
        label=_("Dispatched on"),
        required=False,
        widget=DATE,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "dispatch_%s")
        super().__init__(*args, **kwargs)

    def clean_dispatched_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["dispatched_on"] or timezone.localdate()
        if is_to_come(day):
            raise forms.ValidationError(_("A dispatch cannot be dated in the future."))
        return day


class ContributionReceiveForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    reference = forms.CharField(label=_("Document reference"), max_length=60)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DATE,
        help_text=_("As printed on the goods; leave empty if they show none."),
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


def _lot_label(balance: StockBalance) -> str:
    return _("%(lot)s · %(commodity)s · %(site)s · %(quantity)s available") % {
        "lot": balance.lot.reference,
        "commodity": balance.lot.commodity.local_name,
        "site": balance.site.local_name,
        "quantity": figures.quantity(balance.quantity, balance.lot.commodity.base_unit, html=False),
    }


def balances_at(balances: QuerySet[StockBalance], site: object) -> list[StockBalance]:
    """The balances of `balances` at `site` (a form's value for it), all of them until one is
    chosen."""
    chosen = str(site or "")
    if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18:
        balances = balances.filter(site_id=int(chosen))
    return list(balances)


class LotOnHandField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A lot named by what the sender needs to choose it: its commodity, where it is and how
    much is left there."""

    default_error_messages = {
        "invalid_choice": _("This lot has no stock at the origin."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Lot.objects.none(), **kwargs)
        self.labels: dict[int, str] = {}

    def offer(self, balances: Sequence[StockBalance]) -> None:
        """Offer the lots of `balances`, each named by where it is and how much is left."""
        self.labels = {}
        for balance in balances:
            label = _lot_label(balance)
            self.labels[balance.lot_id] = (
                f"{self.labels[balance.lot_id]}; {label}"
                if balance.lot_id in self.labels
                else label
            )
        self.queryset = Lot.objects.filter(pk__in=self.labels).order_by("reference")
        # The options are written from the balances in hand, the lots not read again: a
        # waybill's page holds such a field on each of its lines.
        reference = {balance.lot_id: balance.lot.reference for balance in balances}
        blank = [] if self.empty_label is None else [("", self.empty_label)]
        self.choices = [*blank, *sorted(self.labels.items(), key=lambda item: reference[item[0]])]

    def label_from_instance(self, obj: Lot) -> str:
        return self.labels.get(obj.pk, obj.reference)


class WaybillLineForm(forms.Form):
    """One line of a waybill: a lot on hand at the origin, how much of it, in how many
    packages."""

    lot = LotOnHandField(label=_("Lot"))
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.001"), max_digits=14, decimal_places=3
    )
    packages = forms.IntegerField(
        label=_("Packages"), min_value=0, initial=0, validators=[packages_in_bounds]
    )

    def __init__(self, *args: Any, on_hand: Sequence[StockBalance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].offer(on_hand)  # type: ignore[attr-defined]


# A waybill's page offers this many blank lines below those it has: a truck rarely carries
# more lots than that, and a waybill saved can be given more. A saved line can be removed.
BLANK_LINES = 3
WaybillLineFormSet = forms.formset_factory(
    WaybillLineForm, extra=BLANK_LINES, can_delete=True, can_delete_extra=False
)


class WithLines(forms.Form):
    """A form with rows of lines below its fields (`lines`, a formset): blank rows and rows
    marked for removal are left out; once valid, `cleaned_data["lines"]` holds what `line`
    makes of each row kept."""

    lines: forms.BaseFormSet[Any]

    def line(self, row: dict[str, Any]) -> object:
        raise NotImplementedError

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        if not self.lines.is_valid():
            self.add_error(None, _("Correct the lines below."))
            return
        self.cleaned_data["lines"] = [
            self.line(row) for row in self.lines.cleaned_data if row and not row.get("DELETE")
        ]


class WaybillForm(WithLines):
    """A waybill and its lines (rows of `WaybillLineForm`). The lots offered are those with
    stock at the origin (at every site the sender may dispatch from, until the origin is
    chosen)."""

    origin = forms.ModelChoiceField(label=_("Origin"), queryset=Site.objects.none())
    destination = forms.ModelChoiceField(label=_("Destination"), queryset=Site.objects.none())
    transporter = forms.ModelChoiceField(
        label=_("Transporter"), queryset=Organisation.objects.all(), required=False
    )
    vehicle = forms.CharField(label=_("Vehicle"), max_length=60, required=False)

    def __init__(
        self,
        *args: Any,
        origins: Any,
        destinations: Any,
        balances: QuerySet[StockBalance],
        lines: Sequence[WaybillLine] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = origins  # type: ignore[attr-defined]
        self.fields["destination"].queryset = destinations  # type: ignore[attr-defined]
        origin = self.data.get("origin") or self.initial.get("origin")
        self.lines = WaybillLineFormSet(
            self.data if self.is_bound else None,
            prefix="lines",
            initial=[
                {"lot": line.lot_id, "quantity": line.quantity, "packages": line.packages}
                for line in lines
            ],
            form_kwargs={"on_hand": balances_at(balances, origin)},
        )

    def line(self, row: dict[str, Any]) -> LineInput:
        return LineInput(row["lot"], row["quantity"], row["packages"])


class CountLineForm(forms.Form):
    """One lot counted: what lies at the site of it."""

    lot = LotOnHandField(
        label=_("Lot"),
        error_messages={"invalid_choice": _("This lot has no stock at the site.")},
    )
    counted_quantity = forms.DecimalField(
        label=_("Counted quantity"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=3,
        validators=[kilograms_in_bounds],
    )

    def __init__(self, *args: Any, on_hand: Sequence[StockBalance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].offer(on_hand)  # type: ignore[attr-defined]

    def has_changed(self) -> bool:
        """A line counts once a quantity is written in it: a lot chosen alone (as the page
        chose it for the site) is left out, whichever site is then sent."""
        return bool(str(self.data.get(self.add_prefix("counted_quantity"), "")).strip())


class CountSheet(forms.BaseFormSet):  # type: ignore[type-arg]
    """A count's rows: one for each lot on hand at the site, its lot chosen and its quantity
    left to the counter, then blank ones for a lot found that the book does not hold."""

    def __init__(self, *args: Any, lots: Sequence[int] = (), **kwargs: Any) -> None:
        self.lots = list(lots)
        super().__init__(*args, **kwargs)
        self.extra = len(self.lots) + BLANK_LINES

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs(index)
        if index is not None and index < len(self.lots):
            kwargs["initial"] = {"lot": self.lots[index]}
        return kwargs


CountLineFormSet = cast(type[CountSheet], forms.formset_factory(CountLineForm, formset=CountSheet))


class StockCountForm(WithLines):
    """A count of the lots at a site (rows of `CountLineForm`, one for each lot on hand at
    the site chosen; until one is chosen, blank rows offering the lots of every site the
    counter keeps)."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    counted_on = forms.DateField(label=_("Counted on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(
        self, *args: Any, sites: Any, balances: QuerySet[StockBalance], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        site = self.data.get("site") or self.initial.get("site")
        on_hand = balances_at(balances, site)
        lots = dict.fromkeys(balance.lot_id for balance in on_hand) if site else {}
        self.lines = CountLineFormSet(
            self.data if self.is_bound else None,
            prefix="lines",
            lots=list(lots),
            form_kwargs={"on_hand": on_hand},
        )

    def line(self, row: dict[str, Any]) -> CountedLine:
        return CountedLine(row["lot"], row["counted_quantity"])


class CommodityForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A commodity with its name in every content language; the code is fixed once saved."""

    class Meta:
        model = Commodity
        fields = ("code", "name", *COMMODITY_DETAILS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]


class CommodityFilterForm(SearchFilterForm):
    category = optional_choice(_("Category"), _("Any category"), Category.choices)


class StockSiteForm(forms.ModelForm):  # type: ignore[type-arg]
    """A site of the user's countries that starts holding stock; once saved, only its
    capacity and whether it holds stock change."""

    class Meta:
        model = StockSite
        fields = ("site", "capacity", "is_active")

    def __init__(self, *args: Any, sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["site"]
        else:
            self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class StockSiteFilterForm(SearchFilterForm):
    active = forms.NullBooleanField(
        label=_("Holds stock"),
        required=False,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )


class PaymentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of payment, dated in the reader's format (as funding offers commitments)."""

    def label_from_instance(self, obj: Payment) -> str:
        return f"{obj.commitment.pledge.reference} · {figures.day(obj.paid_on, html=False)}"


class PurchaseOrderForm(forms.ModelForm):  # type: ignore[type-arg]
    """An order on a commitment, or on one of its payments; priced at the day's rate."""

    class Meta:
        model = PurchaseOrder
        fields = ("supplier", "payment", "commitment", *PURCHASE_ORDER_GOODS)
        widgets = {"ordered_on": DATE}
        field_classes = {"payment": PaymentChoiceField, "commitment": CommitmentChoiceField}

    def __init__(self, *args: Any, commitments: Any, payments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]
        self.fields["commitment"].required = False
        self.fields["payment"].queryset = payments  # type: ignore[attr-defined]
        self.fields["supplier"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["currency"].queryset = Currency.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["commitment"].help_text = _("Or leave it empty and choose the payment.")

    def _post_clean(self) -> None:
        """The service validates the whole order (it derives the commitment from a payment)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("payment") and not data.get("commitment") and not self.errors:
            self.add_error(
                "payment", _("Choose the commitment or the payment the order is paid from.")
            )
        return data


class LotFilterForm(SearchFilterForm):
    """Lots by reference, batch, donor or pledge, by commodity and provenance, and by the
    country they were received in (of those whose stock the user sees)."""

    commodity = forms.ModelChoiceField(
        label=_("Commodity"),
        required=False,
        queryset=Commodity.objects.order_by("name"),
        empty_label=_("Any commodity"),
    )
    provenance = optional_choice(_("Provenance"), _("Any provenance"), Provenance.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_options(  # type: ignore[attr-defined]
            user=user, permission=SupplyPerm.VIEW_STOCK
        )
        # Opened from a pledge's or a project's page, on all the lots it gave.
        self.offer_when_given("pledge", _("Pledge"), funding_selectors.pledge_options(user=user))
        self.offer_when_given(
            "project",
            _("Project"),
            funding_selectors.project_options(user=user, permission=FundingPerm.VIEW_FUNDING),
        )


class PurchaseOrderFilterForm(SearchFilterForm):
    status = optional_choice(_("Status"), _("Any status"), PurchaseOrder.Status.choices)
    commodity = forms.ModelChoiceField(
        label=_("Commodity"),
        required=False,
        queryset=Commodity.objects.order_by("name"),
        empty_label=_("Any commodity"),
    )


class WaybillFilterForm(SearchFilterForm):
    """Waybills by number, vehicle or site, by status, and from or to one site."""

    status = optional_choice(_("Status"), _("Any status"), Waybill.Status.choices)
    site = forms.ModelChoiceField(
        label=_("From or to"),
        required=False,
        queryset=Site.objects.none(),
        empty_label=_("Any site"),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = selectors.stock_sites(user=user, holding=False)  # type: ignore[attr-defined]


class GoodsReceiptForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Received at"), queryset=Site.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity received"),
        min_value=Decimal("0.001"),
        max_digits=14,
        decimal_places=3,
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    reference = forms.CharField(label=_("Document reference"), max_length=60)
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE, required=False)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class RejectionForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), max_length=255)


__all__ = ["Commitment", "Payment"]

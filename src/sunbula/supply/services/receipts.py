"""Lots received into stock, bought or given in kind against a contribution."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sunbula.core import figures
from sunbula.core.audit import create_audited
from sunbula.core.models import Organisation, Site, User
from sunbula.core.validation import refuse_future
from sunbula.funding.models import ContributionType, Payment, Pledge
from sunbula.supply.models import (
    Commodity,
    Lot,
    MovementKind,
    Provenance,
)
from sunbula.supply.services.ledger import (
    _lock,
    _move,
    _positive,
    _require_stock_site,
    _when,
)

# Funding records in-kind quantities as free text units; these are the ones we convert.
KG_PER_UNIT = {"kg": Decimal(1), "t": Decimal(1000), "mt": Decimal(1000), "tonne": Decimal(1000)}


def _new_reference(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def lot_receive(
    *,
    actor: User | None,
    site: Site,
    commodity: Commodity,
    quantity: Decimal,
    received_on: datetime.date,
    reference: str,
    provenance: str = Provenance.PURCHASE,
    payment: Payment | None = None,
    pledge: Pledge | None = None,
    donor: Organisation | None = None,
    lot_reference: str = "",
    batch: str = "",
    expires_on: datetime.date | None = None,
    is_illustrative: bool = False,
) -> Lot:
    """Receive goods into a site as a new lot; `reference` is the delivery document. The lot
    comes from `payment` (and its pledge) or, bought on a commitment, from `pledge`. The lot
    expires on `expires_on` only: the date printed on the goods, not one guessed for them;
    goods are received on a day that has come, and expire after it."""
    _positive(quantity)
    _require_stock_site(site)
    refuse_future(received_on, "received_on", _("Goods cannot be received on a day to come."))
    if expires_on is not None and expires_on <= received_on:
        raise ValidationError({"expires_on": _("The expiry date must follow the day received.")})
    lot = create_audited(
        actor=actor,
        model=Lot,
        values={
            "reference": lot_reference or _new_reference("LOT"),
            "commodity": commodity,
            "provenance": provenance,
            "payment": payment,
            "pledge": payment.commitment.pledge if payment else pledge,
            "donor": donor
            or (payment.commitment.pledge.donor if payment else pledge.donor if pledge else None),
            "country": site.country,
            "batch": batch,
            "expires_on": expires_on,
            "quantity_received": quantity,
            "received_on": received_on,
            "is_illustrative": is_illustrative,
        },
    )
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.RECEIPT,
        quantity=quantity,
        reference=reference,
        reason=gettext_noop("Goods received"),
        occurred_at=_when(received_on),
    )
    return lot


def _commodity_for_contribution(payment: Payment) -> Commodity | None:
    """The commodity an in-kind pledge names in free text, matched by English name or code."""
    text = payment.commitment.pledge.commodity.strip()
    return (
        Commodity.objects.filter(name__iexact=text).first()
        or Commodity.objects.filter(code__iexact=text).first()
    )


@transaction.atomic
def lot_receive_contribution(
    *,
    actor: User | None,
    payment: Payment,
    site: Site,
    received_on: datetime.date,
    reference: str,
    commodity: Commodity | None = None,
    lot_reference: str = "",
    batch: str = "",
    expires_on: datetime.date | None = None,
) -> Lot:
    """Receive an in-kind contribution (a funding payment with a quantity) as its lot."""
    pledge = payment.commitment.pledge
    if pledge.contribution_type != ContributionType.IN_KIND or not payment.quantity:
        raise ValidationError({"payment": _("This payment is not an in-kind contribution.")})
    if received_on < payment.paid_on:
        raise ValidationError(
            {
                "received_on": _("Goods cannot be received before they were given, on %(day)s.")
                % {"day": figures.day(payment.paid_on, html=False)}
            }
        )
    factor = KG_PER_UNIT.get(pledge.unit.strip().lower())
    commodity = commodity or _commodity_for_contribution(payment)
    if commodity is None:
        raise ValidationError(
            {"commodity": _("No commodity matches “%(text)s”.") % {"text": pledge.commodity}}
        )
    if commodity.base_unit == "kg" and factor is None:
        raise ValidationError(
            {"payment": _("Cannot convert the unit “%(unit)s” to kg.") % {"unit": pledge.unit}}
        )
    quantity = payment.quantity * (factor or Decimal(1))
    # Locked, so that the same contribution sent twice at once is received once.
    Payment.objects.select_for_update().get(pk=payment.pk)
    if Lot.objects.filter(payment=payment).exists():
        raise ValidationError({"payment": _("This contribution was already received.")})
    return lot_receive(
        actor=actor,
        site=site,
        commodity=commodity,
        quantity=quantity,
        received_on=received_on,
        reference=reference,
        provenance=Provenance.IN_KIND,
        payment=payment,
        lot_reference=lot_reference,
        batch=batch,
        expires_on=expires_on,
        is_illustrative=pledge.is_illustrative,
    )

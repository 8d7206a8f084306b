"""What supply knows of a record's neighbours in the chain: the purchase orders and lots that
came of a pledge, commitment or payment, the waybills that carried a lot, and back up to the
money a lot came from (registered in plugins.py)."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, reaches
from sunbula.core.addresses import list_url
from sunbula.core.chain import Kind, Neighbours, Step, linked, one
from sunbula.core.models import Site
from sunbula.funding import neighbours as funding
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.models import Project
from sunbula.supply.models import Lot, PurchaseOrder, Waybill
from sunbula.supply.permissions import SupplyPerm

VIEW = SupplyPerm.VIEW_STOCK

LOT = Kind(Step.LOT, _("Lot"), label=lambda lot: lot.reference)
LOTS = Kind(Step.LOT, _("Lots"), label=lambda lot: lot.reference)
PURCHASE_ORDER = Kind(Step.PURCHASE, _("Purchase order"), label=lambda order: order.reference)
PURCHASE_ORDERS = Kind(Step.PURCHASE, _("Purchase orders"), label=lambda order: order.reference)
WAYBILLS = Kind(Step.WAYBILL, _("Waybills"), label=lambda waybill: waybill.number)


def _lots(user: AnyUser, condition: Q, listed: str = "") -> Neighbours:
    lots = Lot.objects.visible_to(user, VIEW).filter(condition)
    return linked(LOTS, lots.order_by("-received_on", "reference"), listed)


def _orders(user: AnyUser, more_for: str = "", **narrowed: object) -> Neighbours:
    orders: QuerySet[PurchaseOrder] = PurchaseOrder.objects.visible_to(user, VIEW)
    more_url = ""
    if more_for:
        more_url = list_url("supply:purchase_order_list", q=more_for)
    return linked(PURCHASE_ORDERS, orders.filter(**narrowed).order_by("-pk"), more_url)


def pledge_supply(user: AnyUser, pledge: Pledge) -> list[Neighbours]:
    """The purchase orders paid from a pledge and the lots it gave."""
    return [
        _orders(user, more_for=pledge.reference, commitment__pledge=pledge),
        _lots(user, Q(pledge=pledge), list_url("supply:lot_list", pledge=pledge.pk)),
    ]


def commitment_supply(user: AnyUser, commitment: Commitment) -> list[Neighbours]:
    """The purchase orders under a commitment and the lots bought or given under it."""
    return [
        _orders(user, commitment=commitment),
        _lots(
            user,
            Q(payment__commitment=commitment) | Q(goods_receipt__order__commitment=commitment),
        ),
    ]


def payment_supply(user: AnyUser, payment: Payment) -> list[Neighbours]:
    """The purchase orders paid from a payment and the lots it became."""
    return [
        _orders(user, payment=payment),
        _lots(user, Q(payment=payment) | Q(goods_receipt__order__payment=payment)),
    ]


def project_lots(user: AnyUser, project: Project) -> list[Neighbours]:
    """The lots given to a project's pledges."""
    return [
        _lots(user, Q(pledge__project=project), list_url("supply:lot_list", project=project.pk))
    ]


def _visible(user: AnyUser, record: Model | None, perm: str) -> bool:
    return record is not None and reaches(user, perm, record)


def lot_neighbours(user: AnyUser, lot: Lot) -> list[Neighbours]:
    """Where a lot came from (pledge, commitment, payment or contribution, purchase order)
    and the waybills that carried it."""
    money = FundingPerm.VIEW_FUNDING
    receipt = getattr(lot, "goods_receipt", None)
    order = receipt.order if receipt is not None else None
    payment = lot.payment or (order.payment if order is not None else None)
    commitment = payment.commitment if payment else (order.commitment if order else None)
    pledge = lot.pledge or (commitment.pledge if commitment else None)
    in_kind = pledge is not None and pledge.is_in_kind
    waybills = Waybill.objects.visible_to(user, VIEW).filter(lines__lot=lot).distinct()
    return [
        *one(funding.PLEDGE, pledge if _visible(user, pledge, money) else None),
        *one(funding.COMMITMENT, commitment if _visible(user, commitment, money) else None),
        *one(
            Kind(
                Step.PAYMENT,
                _("In-kind contribution") if in_kind else _("Payment"),
                funding.payment_label,
            ),
            payment if _visible(user, payment, money) else None,
        ),
        *one(PURCHASE_ORDER, order if _visible(user, order, VIEW) else None),
        linked(WAYBILLS, waybills.order_by("-dispatched_on", "number")),
    ]


def purchase_order_neighbours(user: AnyUser, order: PurchaseOrder) -> list[Neighbours]:
    """The money a purchase order was paid from and the lots received from it."""
    money = FundingPerm.VIEW_FUNDING
    commitment = order.commitment
    return [
        *one(
            funding.PLEDGE, commitment.pledge if _visible(user, commitment.pledge, money) else None
        ),
        *one(funding.COMMITMENT, commitment if _visible(user, commitment, money) else None),
        *one(
            Kind(Step.PAYMENT, _("Payment"), funding.payment_label),
            order.payment if _visible(user, order.payment, money) else None,
        ),
        _lots(user, Q(goods_receipt__order=order)),
    ]


def waybill_lots(user: AnyUser, waybill: Waybill) -> list[Neighbours]:
    """The lots a waybill carries."""
    return [_lots(user, Q(pk__in=waybill.lines.values("lot")))]


def site_supply(user: AnyUser, site: Site) -> list[Neighbours]:
    """The lots a site holds now and the waybills that left it or reached it, each one click
    from the whole list of them at the site."""
    held = Q(balances__site=site, balances__quantity__gt=0)
    lots = Lot.objects.visible_to(user, VIEW).filter(held).distinct()
    on_hand = Kind(Step.LOT, _("Lots on hand"), label=lambda lot: lot.reference)
    waybills = Waybill.objects.visible_to(user, VIEW).filter(Q(origin=site) | Q(destination=site))
    return [
        linked(
            on_hand,
            lots.order_by("expires_on", "reference"),
            list_url("supply:balance_list", site=site.pk),
        ),
        linked(
            WAYBILLS,
            waybills.order_by("-dispatched_on", "-pk"),
            list_url("supply:waybill_list", site=site.pk),
        ),
    ]

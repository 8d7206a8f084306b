"""Notices of stock about to expire, to the logistics officers who keep it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sunbula.core.access import reaches
from sunbula.core.audit import audit_record
from sunbula.core.models import Role, User
from sunbula.core.notifications import NoticeKind, Quantity, notify, register_kind
from sunbula.supply.models import StockBalance
from sunbula.supply.permissions import SupplyPerm

STOCK_EXPIRING = "supply.stock_expiring"
register_kind(NoticeKind(STOCK_EXPIRING, gettext_lazy("Stock about to expire")))


@transaction.atomic
def stock_expiry_notify(*, actor: User | None, today: datetime.date | None = None) -> int:
    """Tell the logistics officers whose countries hold it, once per balance, of stock on hand
    that expires within `STOCK_EXPIRY_NOTICE_DAYS`; how many notices were given."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.STOCK_EXPIRY_NOTICE_DAYS)
    balances = (
        StockBalance.objects.filter(
            quantity__gt=0, lot__expires_on__isnull=False, lot__expires_on__lte=horizon
        )
        .select_related("site", "lot__commodity", "lot__pledge", "lot__donor")
        .order_by("lot__expires_on", "pk")
    )
    officers = list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.LOGISTICS_OFFICER
        ).distinct()
    )
    given = 0
    for balance in balances:
        recipients = [
            officer for officer in officers if reaches(officer, SupplyPerm.MOVE_STOCK, balance)
        ]
        notified = []
        for officer in recipients:
            notice = notify(
                recipient=officer,
                kind=STOCK_EXPIRING,
                subject=gettext_lazy("Stock expiring on %(date)s: %(lot)s at %(site)s"),
                body=gettext_lazy(
                    "%(quantity)s of %(commodity)s (lot %(lot)s) at %(site)s expires on "
                    "%(date)s. Plan its distribution or its disposal."
                ),
                params={
                    "date": balance.lot.expires_on,
                    "lot": balance.lot,
                    "site": balance.site,
                    "quantity": Quantity(balance.quantity, balance.lot.commodity.base_unit),
                    "commodity": balance.lot.commodity,
                },
                link=reverse_lazy("supply:stock_card", args=[balance.pk]),
                key=f"supply.stockbalance.expiring:{balance.pk}",
            )
            if notice is not None:
                notified.append(officer.pk)
        if notified:
            given += len(notified)
            audit_record(
                actor=actor,
                action="supply.stockbalance.expiry_notified",
                obj=balance,
                after={"expires_on": balance.lot.expires_on, "officers": notified},
            )
    return given

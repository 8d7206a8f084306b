"""Distributions recorded at a distribution point, possibly offline, and sent later.

The device gives each hand-over an id of its own; the server keeps it on the distribution, so
a hand-over sent twice (the connection dropped before the answer arrived, or the whole queue
replayed) is recorded once and the replay is answered with what was recorded.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sunbula.assistance.models import Collector, Distribution, Entitlement
from sunbula.assistance.services.cycles import (
    AlreadyServed,
    AssistanceError,
    EntitlementExceeded,
)
from sunbula.assistance.services.distributions import _record
from sunbula.core.models import Site, User


class ClientIdReused(AssistanceError):
    """A device sent one record id for two different hand-overs."""

    field = "client_id"


class MoreThanLeft(EntitlementExceeded):
    """A device asked to hand over more than the entitlement has left: a bad quantity, as
    the phone checks it too (400), not a conflict with what the server holds."""

    status_code = 400


@dataclass(frozen=True)
class PointResult:
    """What became of one hand-over a device sent: recorded now, or recorded before."""

    distribution: Distribution
    created: bool


@dataclass(frozen=True)
class HandOver:
    """What a device says it handed over under one record id."""

    entitlement_id: int
    site_id: int
    quantity: Decimal
    distributed_on: datetime.date
    collector: str


def _recorded(client_id: uuid.UUID, sent: HandOver) -> PointResult | None:
    """The distribution recorded under `client_id` when `sent` is the same hand-over again;
    an id recorded for anything else is refused rather than its new figures dropped."""
    existing = (
        Distribution.objects.select_related("entitlement__commodity", "beneficiary")
        .filter(client_id=client_id)
        .first()
    )
    if existing is None:
        return None
    recorded = HandOver(
        existing.entitlement_id,
        existing.site_id,
        existing.quantity,
        existing.distributed_on,
        existing.collector,
    )
    if recorded != sent:
        raise ClientIdReused(
            _("The record id %(id)s was already used for another hand-over.") % {"id": client_id}
        )
    return PointResult(existing, created=False)


def distribution_point_record(
    *,
    actor: User | None,
    client_id: uuid.UUID,
    entitlement: Entitlement,
    site: Site,
    quantity: Decimal,
    distributed_on: datetime.date,
    collector: str = Collector.BENEFICIARY,
) -> PointResult:
    """Record a hand-over a distribution point's device queued, once per `client_id`.

    A hand-over may be part of what is left: the entitlement is then partly distributed and
    stays open for the rest, which later hand-overs (each under its own id) may take. A replay
    of a recorded id (the same hand-over again) is answered with the distribution already
    recorded and writes nothing; the id sent with other figures is refused; more than is left
    is refused on the quantity (`MoreThanLeft`), and so is a fraction of a commodity counted
    in whole pieces, as the point's page refuses it; a hand-over that no longer holds (already
    served, stock gone) is refused with the distribution service's domain error.
    """
    sent = HandOver(entitlement.pk, site.pk, quantity, distributed_on, collector)
    earlier = _recorded(client_id, sent)
    if earlier is not None:
        return earlier
    entitlement.refresh_from_db(fields=["status", "distributed"])
    if entitlement.status == Entitlement.Status.DISTRIBUTED:
        raise AlreadyServed(
            _("%(beneficiary)s has already received the %(commodity)s of this cycle.")
            % {"beneficiary": entitlement.beneficiary, "commodity": entitlement.commodity}
        )
    try:
        with transaction.atomic():
            distribution = _record(
                actor=actor,
                entitlement=entitlement,
                site=site,
                quantity=quantity,
                distributed_on=distributed_on,
                made_reference=f"PT-{client_id.hex[:12].upper()}",
                client_id=client_id,
                collector=collector,
            )
    except EntitlementExceeded as exceeded:
        raise MoreThanLeft(str(exceeded)) from exceeded
    except (IntegrityError, ValidationError) as error:
        # Two sends of one id at once: the other one committed first.
        if isinstance(error, ValidationError) and "client_id" not in getattr(
            error, "error_dict", {}
        ):
            raise
        earlier = _recorded(client_id, sent)
        if earlier is None:
            raise
        return earlier
    return PointResult(distribution, created=True)

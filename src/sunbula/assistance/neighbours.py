"""What assistance knows of a record's neighbours in the chain: the cycles and distributions a
lot or project fed, the lots a cycle or distribution drew on, the cycles and hand-overs of a
household, person or institution, and the pledge-to-plate trace, one click from every record
(registered in plugins.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sunbula.assistance.models import (
    Beneficiary,
    Cycle,
    Distribution,
    DistributionTally,
    Entitlement,
)
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.selectors import person_listed
from sunbula.core.access import AnyUser, may_open, reaches
from sunbula.core.chain import SHOWN, Kind, Neighbours, Step, linked, one
from sunbula.core.lists import joined
from sunbula.core.models import Site
from sunbula.funding import neighbours as funding
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply import neighbours as supply
from sunbula.supply.models import Lot, PurchaseOrder, Waybill
from sunbula.supply.permissions import SupplyPerm

VIEW = AssistancePerm.VIEW_ASSISTANCE
TRACE = AssistancePerm.VIEW_TRACE

CYCLE = Kind(Step.CYCLE, _("Cycle"), label=lambda cycle: cycle.local_name)
CYCLES = Kind(Step.CYCLE, _("Cycles"), label=lambda cycle: cycle.local_name)
DISTRIBUTIONS = Kind(Step.DISTRIBUTION, _("Distributions"), label=lambda row: row.reference)
REVERSES = Kind(Step.DISTRIBUTION, _("Reverses"), label=lambda row: row.reference)
REVERSED_BY = Kind(Step.DISTRIBUTION, _("Reversed by"), label=lambda row: row.reference)


def _trace(route: str, label: Callable[[Any], str]) -> Kind:
    return Kind(
        Step.TRACE,
        _("Trace"),
        label=label,
        url=lambda record: reverse(f"assistance:{route}", args=[record.pk]),
    )


PLEDGE_TRACE = _trace("pledge_trace", lambda pledge: pledge.reference)
LOT_TRACE = _trace("lot_trace", lambda lot: lot.reference)
PROJECT_TRACE = _trace("project_trace", lambda project: project.code)


def _if_reached(user: AnyUser, perm: str, record: Model | None) -> Model | None:
    return record if may_open(user, perm, record) else None


def _traces(user: AnyUser, lots: QuerySet[Lot]) -> list[Neighbours]:
    visible = Lot.objects.visible_to(user, TRACE).filter(pk__in=lots.values("pk"))
    return [linked(LOT_TRACE, visible.order_by("-received_on", "reference"))]


def _distributions(
    user: AnyUser, narrowed: Callable[[QuerySet[Distribution]], QuerySet[Distribution]]
) -> QuerySet[Distribution]:
    rows = Distribution.objects.visible_to(user, VIEW)
    return narrowed(rows).order_by("-distributed_on", "-pk")


def pledge_trace(user: AnyUser, pledge: Pledge) -> list[Neighbours]:
    return one(PLEDGE_TRACE, _if_reached(user, TRACE, pledge))


def commitment_trace(user: AnyUser, commitment: Commitment) -> list[Neighbours]:
    return pledge_trace(user, commitment.pledge)


def payment_trace(user: AnyUser, payment: Payment) -> list[Neighbours]:
    """A payment's trace is its pledge's, and each of the lots it became."""
    return [
        *pledge_trace(user, payment.commitment.pledge),
        *_traces(
            user,
            Lot.objects.filter(payment=payment)
            | Lot.objects.filter(goods_receipt__order__payment=payment),
        ),
    ]


def purchase_order_trace(user: AnyUser, order: PurchaseOrder) -> list[Neighbours]:
    """A purchase order's trace is its pledge's, and each of the lots received from it."""
    return [
        *pledge_trace(user, order.commitment.pledge),
        *_traces(user, Lot.objects.filter(goods_receipt__order=order)),
    ]


def lot_assistance(user: AnyUser, lot: Lot) -> list[Neighbours]:
    """The cycles and distributions a lot fed, and its trace."""
    cycles = Cycle.objects.visible_to(user, VIEW).filter(
        pk__in=DistributionTally.objects.filter(lot=lot).values("cycle")
    )
    return [
        linked(CYCLES, cycles.order_by("-period_start", "pk")),
        linked(
            DISTRIBUTIONS, _distributions(user, lambda rows: rows.filter(draws__lot=lot).distinct())
        ),
        *one(LOT_TRACE, _if_reached(user, TRACE, lot)),
    ]


def waybill_assistance(user: AnyUser, waybill: Waybill) -> list[Neighbours]:
    """The cycles and distributions its lots fed where it delivered them, and their trace."""
    lots = Lot.objects.filter(pk__in=waybill.lines.values("lot"))
    tallies = DistributionTally.objects.filter(site=waybill.destination_id, lot__in=lots)
    cycles = Cycle.objects.visible_to(user, VIEW).filter(pk__in=tallies.values("cycle"))
    return [
        linked(CYCLES, cycles.order_by("-period_start", "pk")),
        linked(
            DISTRIBUTIONS,
            _distributions(
                user,
                lambda rows: rows.filter(
                    site=waybill.destination_id, draws__lot__in=lots.values("pk")
                ).distinct(),
            ),
        ),
        *_traces(user, lots),
    ]


def project_assistance(user: AnyUser, project: Project) -> list[Neighbours]:
    """A project's cycles, and the trace of everything given to it."""
    cycles = Cycle.objects.visible_to(user, VIEW).filter(project=project)
    return [
        linked(CYCLES, cycles.order_by("-period_start", "pk")),
        *one(PROJECT_TRACE, _if_reached(user, TRACE, project)),
    ]


def cycle_neighbours(user: AnyUser, cycle: Cycle) -> list[Neighbours]:
    """A cycle's project, the lots it drew on, its latest distributions and the trace."""
    lots = Lot.objects.visible_to(user, SupplyPerm.VIEW_STOCK).filter(
        pk__in=DistributionTally.objects.filter(cycle=cycle).values("lot")
    )
    return [
        *one(funding.PROJECT, _if_reached(user, ProgrammePerm.VIEW_PROJECT, cycle.project)),
        linked(supply.LOTS, lots.order_by("-received_on", "reference")),
        linked(
            DISTRIBUTIONS,
            _distributions(user, lambda rows: rows.filter(entitlement__cycle=cycle)),
            # The desk lists them all, for whoever records them.
            reverse("assistance:distribution_desk", args=[cycle.pk])
            if reaches(user, AssistancePerm.RECORD_DISTRIBUTION, cycle)
            else "",
        ),
        *one(PROJECT_TRACE, _if_reached(user, TRACE, cycle.project)),
    ]


def distribution_neighbours(user: AnyUser, distribution: Distribution) -> list[Neighbours]:
    """A distribution's cycle, the lots it drew on and the waybills that brought them to its
    site, its correction, and the lots' traces."""
    lots = Lot.objects.filter(pk__in=distribution.draws.values("lot"))
    # Only waybills that moved the goods: a draft never left, a cancelled one never arrived.
    waybills = (
        Waybill.objects.visible_to(user, SupplyPerm.VIEW_STOCK)
        .filter(destination=distribution.site_id, lines__lot__in=lots.values("pk"))
        .exclude(status__in=(Waybill.Status.DRAFT, Waybill.Status.CANCELLED))
    )
    reversal = getattr(distribution, "reversal", None)
    return [
        *one(CYCLE, _if_reached(user, VIEW, distribution.entitlement.cycle)),
        linked(
            supply.LOTS,
            Lot.objects.visible_to(user, SupplyPerm.VIEW_STOCK)
            .filter(pk__in=lots.values("pk"))
            .order_by("reference"),
        ),
        linked(supply.WAYBILLS, waybills.distinct().order_by("-dispatched_on", "number")),
        *one(REVERSES, _if_reached(user, VIEW, distribution.reverses)),
        *one(REVERSED_BY, _if_reached(user, VIEW, reversal)),
        *_traces(user, lots),
    ]


def site_assistance(user: AnyUser, site: Site) -> list[Neighbours]:
    """The cycles that handed over goods at a site, latest first."""
    served = Distribution.objects.filter(site=site).values("entitlement__cycle")
    cycles = Cycle.objects.visible_to(user, VIEW).filter(pk__in=served)
    return [linked(CYCLES, cycles.order_by("-period_start", "-pk"))]


# How far each status of an entitlement has come, for the one status of a beneficiary's
# entitlements to several commodities: the least advanced of them.
_ADVANCE = {
    Entitlement.Status.DRAFT: 0,
    Entitlement.Status.APPROVED: 1,
    Entitlement.Status.EXPIRED: 2,
    Entitlement.Status.PARTLY: 3,
    Entitlement.Status.DISTRIBUTED: 4,
}


def _entitlement_status(statuses: set[str]) -> str:
    """What a beneficiary's entitlements in a cycle come to, in the words of an entitlement's
    status: some handed over and some not is "partly distributed"; a cancelled one counts
    only when all are; none yet says so."""
    if not statuses:
        return str(_("No entitlement yet"))
    standing = {Entitlement.Status(status) for status in statuses} - {Entitlement.Status.CANCELLED}
    if not standing:
        return str(Entitlement.Status.CANCELLED.label)
    handed = standing & {Entitlement.Status.PARTLY, Entitlement.Status.DISTRIBUTED}
    if handed and standing != {Entitlement.Status.DISTRIBUTED}:
        return str(Entitlement.Status.PARTLY.label)
    return str(min(standing, key=_ADVANCE.__getitem__).label)


def _members(person_ids: set[int]) -> str:
    """The members of a household listed on their own, as its members table names them:
    never by name, whatever the reader's clearance."""
    # Translators: the household members listed on their own in a cycle, e.g. "member P-12".
    return ngettext("member %(members)s", "members %(members)s", len(person_ids)) % {
        "members": joined(str(Person(pk=pk)) for pk in sorted(person_ids))
    }


def _served(user: AnyUser, listed: Q, *, members: bool = False) -> list[Neighbours]:
    """The latest cycles whose list holds the rows `listed` picks, each with where its
    entitlements there stand, and the latest hand-overs to those rows, as the reader may open
    them: four queries, whatever the record's history. With `members`, a cycle or hand-over
    of a row that stands for one person (a household's member listed on their own) says
    which member."""
    # The record's few rows first, by their ids: as a subquery of the newest hand-overs,
    # PostgreSQL walked the country's distributions newest first looking for them (seconds
    # among 5,000,000 for a household that received little).
    ids = Beneficiary.objects.filter(listed).order_by().values_list("pk", flat=True)
    rows = Beneficiary.objects.filter(pk__in=list(ids))
    cycles = list(
        Cycle.objects.visible_to(user, VIEW)
        .filter(pk__in=rows.values("cycle"))
        .order_by("-period_start", "-pk")[: SHOWN + 1]
    )
    statuses: dict[int, set[str]] = {cycle.pk: set() for cycle in cycles}
    people: dict[int, set[int]] = {cycle.pk: set() for cycle in cycles}
    for cycle_id, person_id, status in (
        rows.filter(cycle__in=list(statuses))
        .values_list("cycle_id", "person_id", "entitlements__status")
        .distinct()
    ):
        if status is not None:
            statuses[cycle_id].add(status)
        if person_id is not None:
            people[cycle_id].add(person_id)

    def cycle_label(cycle: Cycle) -> str:
        status = _entitlement_status(statuses[cycle.pk])
        if members and people[cycle.pk]:
            return f"{cycle.local_name} · {_members(people[cycle.pk])} · {status}"
        return f"{cycle.local_name} · {status}"

    def handed_label(handed: Distribution) -> str:
        member: int | None = getattr(handed, "member", None)
        return handed.reference if member is None else f"{handed.reference} · {_members({member})}"

    handed = _distributions(user, lambda handed: handed.filter(beneficiary__in=rows))
    if members:
        handed = handed.annotate(member=F("beneficiary__person_id"))
    return [
        linked(Kind(Step.CYCLE, _("Cycles"), label=cycle_label), cycles),
        linked(Kind(Step.DISTRIBUTION, _("Distributions"), label=handed_label), handed),
    ]


def household_assistance(user: AnyUser, household: Household) -> list[Neighbours]:
    """The cycles a household is listed in, or one of its members on their own, with the
    entitlements' status, and the latest hand-overs to it or to such a member."""
    # Its members by their ids, not by a join or a subquery of the persons: with either,
    # PostgreSQL read every beneficiary of the country to find a household's few rows.
    members = list(Person.objects.filter(household=household).values_list("pk", flat=True))
    return _served(user, Q(household=household) | Q(person__in=members), members=True)


def person_assistance(user: AnyUser, person: Person) -> list[Neighbours]:
    """The cycles a person is listed in, alone or with their household (as their own file
    lists what they received), with the entitlements' status, and the latest hand-overs."""
    return _served(user, person_listed(person, via=""))


def institution_assistance(user: AnyUser, institution: Institution) -> list[Neighbours]:
    """The cycles that serve an institution, with its entitlements' status, and the latest
    hand-overs at its door."""
    return _served(user, Q(institution=institution))

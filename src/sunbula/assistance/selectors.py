"""Every read of assistance, authorised and narrowed to the user's countries, and the
pledge-to-plate trace of a set of lots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, F, Model, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.models import (
    Beneficiary,
    CountedFor,
    Cycle,
    Distribution,
    DistributionTally,
    Entitlement,
    Monitoring,
    MonitoringSample,
    RationKind,
    RationLine,
    Reach,
    ReachedTally,
    RuleField,
)
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.targeting import eligible, size_rule_bounds
from sunbula.core.access import AnyUser, fetch, require_permission
from sunbula.core.models import Country, Site
from sunbula.core.multilingual import localized
from sunbula.core.reasons import said
from sunbula.core.scoping import ScopeRule
from sunbula.core.selectors import where_given
from sunbula.learning.models import Survey, SurveyAnswer, SurveyQuestion
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.selectors import QuestionResult, survey_results
from sunbula.registry.holdings import Holding, heading, shown
from sunbula.registry.models import Person
from sunbula.registry.presentation import person_cards
from sunbula.supply.models import (
    BaseUnit,
    Commodity,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    Waybill,
    WaybillLine,
)
from sunbula.supply.selectors import SiteStock

ZERO = Decimal(0)
GRAM = Decimal("0.001")
# Beyond this many lots a trace passes them to its queries as a subquery, not as a list.
MANY_LOTS = 500

M = TypeVar("M", bound=Model)

# A rule or an entitlement is seen, and changed, where its cycle is.
OF_ITS_CYCLE = Cycle.scope_rule.under("cycle")


def record_for_user(
    records: QuerySet[M],
    user: AnyUser,
    pk: object,
    *,
    write: str | None = None,
    rule: ScopeRule | None = None,
) -> M:
    """A record of assistance in the user's countries (404 otherwise); with `write`, 403
    unless that permission reaches it too. `rule`: where the model's own rule does not say."""
    return fetch(records, user, pk, perm=AssistancePerm.VIEW_ASSISTANCE, write=write, rule=rule)


def cycle_for_user(user: AnyUser, pk: object, *, write: str | None = None) -> Cycle:
    """A cycle, with its project and country, as `record_for_user` fetches it."""
    return record_for_user(
        Cycle.objects.select_related("project", "country"), user, pk, write=write
    )


def cycle_list(*, user: AnyUser) -> QuerySet[Cycle]:
    scope = require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return (
        scope.filter(Cycle.objects.select_related("project", "country"))
        .annotate(listed=Count("beneficiaries", distinct=True))
        .order_by("-period_start", "name", "pk")
    )


def eligible_count(*, user: AnyUser, cycle: Cycle) -> int:
    """The preview: how many records the rules select now."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return eligible(cycle).count()


def preview_count(*, user: AnyUser, cycle: Cycle, field: str, value: str) -> int | None:
    """How many records the rules would select with one more rule; None if it cannot be read."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    if field not in RuleField.values or not value.strip():
        return None
    if field == RuleField.HOUSEHOLD_SIZE:
        try:
            size_rule_bounds(value)
        except ValueError:
            return None
    return eligible(cycle, (field, value.strip())).count()


@dataclass(frozen=True)
class RationSummary:
    """A cycle's ration: its lines, the totals per unit (never added across units) and the
    energy per person per day, from the commodities' kcal per kg."""

    lines: list[RationLine]
    per_unit: dict[str, Decimal]
    kcal_per_person_day: Decimal | None


def ration_summary(*, user: AnyUser, cycle: Cycle) -> RationSummary:
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    lines = list(cycle.ration_lines.select_related("commodity"))
    per_unit: dict[str, Decimal] = {}
    for line in lines:
        unit = line.commodity.base_unit
        per_unit[unit] = per_unit.get(unit, ZERO) + line.quantity
    return RationSummary(lines, per_unit, kcal_per_person_day(cycle, lines))


def kcal_per_person_day(cycle: Cycle, lines: Sequence[RationLine]) -> Decimal | None:
    """Energy a person gets each day from the ration: kilograms of food times their kcal
    per kg, per person and day by the ration kind; None for an input basket or a ration
    per household (its size differs) or where no food line gives its energy."""
    per_day = {
        RationKind.PER_PERSON_DAY: Decimal(1),
        RationKind.PER_RESIDENT_MONTH: Decimal(30),
    }.get(RationKind(cycle.ration_kind))
    if per_day is None:
        return None
    kcal = [
        line.quantity * line.commodity.kcal_per_kg
        for line in lines
        if line.commodity.base_unit == BaseUnit.KG and line.commodity.kcal_per_kg
    ]
    if not kcal:
        return None
    return (sum(kcal, ZERO) / per_day).quantize(Decimal(1))


def entitlement_list(*, user: AnyUser, cycle: Cycle) -> QuerySet[Entitlement]:
    """A cycle's entitlements for review and download, in list order."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return cycle.entitlements.select_related(
        "beneficiary__person", "beneficiary__institution", "commodity"
    ).order_by("beneficiary__reference", "commodity__name", "pk")


def beneficiary_list(*, user: AnyUser, cycle: Cycle) -> QuerySet[Beneficiary]:
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return cycle.beneficiaries.select_related("institution").order_by("reference")


def entitlement_summary(*, user: AnyUser, cycle: Cycle) -> list[dict[str, Any]]:
    """Per commodity and status: how many entitlements, and how much entitled and handed over
    in the commodity's unit (`unit`); `commodity` is its name in the reader's language."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return [
        {
            **row,
            "commodity": localized(row["commodity__name"], row["commodity__name_translations"]),
            "unit": row["commodity__base_unit"],
        }
        for row in Entitlement.objects.filter(cycle=cycle)
        .values("commodity__name", "commodity__name_translations", "commodity__base_unit", "status")
        .annotate(count=Count("pk"), entitled=Sum("quantity"), distributed=Sum("distributed"))
        .order_by("commodity__name", "status")
    ]


# What the desk still hands over against.
OPEN_STATUSES = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)
# What an entitlement card's QR code holds before the beneficiary's reference.
CARD_PREFIX = "SUNBULA:"


@dataclass(frozen=True)
class CommodityProgress:
    """What a cycle planned of one commodity and how much of it was handed over, in the
    commodity's unit: cancelled entitlements are not planned, expired ones not left, and
    those awaiting approval are planned but not yet left to hand over (`awaiting`)."""

    commodity: str
    unit: str
    planned: Decimal
    handed: Decimal
    left: Decimal
    entitled: int
    served: int
    commodity_id: int
    awaiting: Decimal = ZERO

    @property
    def share(self) -> Decimal:
        """What was handed over, as a percentage of what was planned."""
        return self.handed * 100 / self.planned if self.planned else ZERO


def cycle_progress(*, user: AnyUser, cycle: Cycle) -> list[CommodityProgress]:
    """Planned against handed over, per commodity of the cycle, in one query."""
    return cycles_progress(user=user, cycle_ids=[cycle.pk]).get(cycle.pk, [])


def cycles_progress(
    *, user: AnyUser, cycle_ids: Sequence[int]
) -> dict[int, list[CommodityProgress]]:
    """`cycle_progress` of each of the cycles `cycle_ids` (read already through a scoped
    selector), all in one query: a cycle without entitlements has no row."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    rows = (
        Entitlement.objects.filter(cycle__in=cycle_ids)
        .exclude(status=Entitlement.Status.CANCELLED)
        .values(
            "cycle_id",
            "commodity_id",
            "commodity__name",
            "commodity__name_translations",
            "commodity__base_unit",
        )
        .annotate(
            planned=Sum("quantity"),
            handed=Sum("distributed"),
            open_planned=Sum("quantity", filter=Q(status__in=OPEN_STATUSES)),
            open_handed=Sum("distributed", filter=Q(status__in=OPEN_STATUSES)),
            awaiting=Sum("quantity", filter=Q(status=Entitlement.Status.DRAFT)),
            entitled=Count("pk"),
            served=Count("pk", filter=Q(distributed__gt=0)),
        )
        .order_by("cycle_id", "commodity__name", "commodity_id")
    )
    progress: dict[int, list[CommodityProgress]] = {}
    for row in rows:
        progress.setdefault(row["cycle_id"], []).append(
            CommodityProgress(
                commodity=localized(row["commodity__name"], row["commodity__name_translations"]),
                unit=row["commodity__base_unit"],
                planned=row["planned"] or ZERO,
                handed=row["handed"] or ZERO,
                left=(row["open_planned"] or ZERO) - (row["open_handed"] or ZERO),
                entitled=row["entitled"],
                served=row["served"],
                awaiting=row["awaiting"] or ZERO,
                commodity_id=row["commodity_id"],
            )
        )
    return progress


def carded_beneficiaries(cycle: Cycle) -> QuerySet[Beneficiary]:
    """The cycle's beneficiaries who carry an entitlement card: its households, people and
    farmers; an institution is served at its own door, without a card."""
    return cycle.beneficiaries.exclude(kind=Beneficiary.Kind.INSTITUTION)


def card_reference(text: str) -> str:
    """A beneficiary's reference as typed at the desk or scanned from a card: a scanner types
    the whole of what the card's QR code holds (`SUNBULA:` and the reference)."""
    text = text.strip()
    if text[: len(CARD_PREFIX)].upper() == CARD_PREFIX:
        text = text[len(CARD_PREFIX) :].strip()
    return text


def desk_beneficiary(*, user: AnyUser, cycle: Cycle, reference: str) -> Beneficiary | None:
    """The beneficiary of the cycle that a reference typed or scanned at the desk names,
    whatever its case; none where it names none, or more than one."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    wanted = card_reference(reference)
    if not wanted:
        return None
    listed = Beneficiary.objects.filter(cycle=cycle).select_related("institution")
    exact = listed.filter(reference=wanted).first()
    if exact is not None:
        return exact
    alike = list(listed.filter(reference__iexact=wanted).order_by("pk")[:2])
    return alike[0] if len(alike) == 1 else None


def desk_entitlement(
    *, user: AnyUser, cycle: Cycle, reference: str, commodity: Commodity
) -> Entitlement | None:
    """The entitlement to a commodity of the beneficiary a reference names at the desk."""
    beneficiary = desk_beneficiary(user=user, cycle=cycle, reference=reference)
    if beneficiary is None:
        return None
    return beneficiary.entitlements.filter(commodity=commodity).first()


def desk_entitlements(*, user: AnyUser, beneficiary: Beneficiary) -> list[Entitlement]:
    """What a beneficiary found at the desk is entitled to in the cycle, and what is left."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return list(
        beneficiary.entitlements.select_related("commodity").order_by("commodity__name", "pk")
    )


def distribution_list(*, user: AnyUser, cycle: Cycle | None = None) -> QuerySet[Distribution]:
    scope = require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    distributions = scope.filter(
        Distribution.objects.select_related(
            "beneficiary__institution", "site", "entitlement__commodity"
        )
    )
    distributions = where_given(distributions, entitlement__cycle=cycle)
    return distributions.order_by("-distributed_on", "-pk")


class PeopleCounted:
    """People counted by sex and by age group; whom neither was recorded for is the rest."""

    people: int
    females: int
    males: int
    children: int
    adults: int
    elderly: int

    @property
    def sex_not_recorded(self) -> int:
        return self.people - self.females - self.males

    @property
    def age_not_recorded(self) -> int:
        return self.people - self.children - self.adults - self.elderly


@dataclass
class Trace(PeopleCounted):
    """Where the kilograms of some lots went, and whom they reached."""

    received: Decimal = ZERO
    dispatched: Decimal = ZERO
    in_transit: Decimal = ZERO
    delivered: Decimal = ZERO
    lost_in_transit: Decimal = ZERO
    lost_in_store: Decimal = ZERO
    distributed: Decimal = ZERO
    distributed_at_origin: Decimal = ZERO
    distributed_at_destination: Decimal = ZERO
    in_stock: Decimal = ZERO
    in_stock_at_origin: Decimal = ZERO
    in_stock_at_destination: Decimal = ZERO
    people: int = 0
    females: int = 0
    males: int = 0
    children: int = 0
    adults: int = 0
    elderly: int = 0
    by_displacement: dict[str, int] = field(default_factory=dict)
    institution_kg: Decimal = ZERO
    person_days: Decimal = ZERO
    in_stock_by_site: list[SiteStock] = field(default_factory=list)
    unit: str = BaseUnit.KG  # every quantity above is in this unit, never mixed with another

    @property
    def lost(self) -> Decimal:
        return self.lost_in_transit + self.lost_in_store

    def as_dict(self) -> dict[str, Any]:
        kilograms = (
            "received",
            "dispatched",
            "in_transit",
            "delivered",
            "lost_in_transit",
            "lost_in_store",
            "distributed",
            "distributed_at_origin",
            "distributed_at_destination",
            "in_stock",
            "in_stock_at_origin",
            "in_stock_at_destination",
            "institution_kg",
        )
        data: dict[str, Any] = {name: str(getattr(self, name).quantize(GRAM)) for name in kilograms}
        data["lost"] = str(self.lost.quantize(GRAM))
        data["unit"] = str(self.unit)
        data["person_days"] = str(self.person_days)
        data["people_reached"] = {
            "total": self.people,
            "by_sex": {
                "female": self.females,
                "male": self.males,
                "not_recorded": self.sex_not_recorded,
            },
            "by_age_group": {
                "children": self.children,
                "adults": self.adults,
                "elderly": self.elderly,
            },
            "by_displacement": self.by_displacement,
        }
        data["in_stock_by_site"] = [
            {"site_id": row.site_id, "site": row.site, "quantity": str(row.quantity.quantize(GRAM))}
            for row in self.in_stock_by_site
        ]
        return data


def _total(rows: QuerySet[Any], column: str) -> Decimal:
    value: Decimal | None = rows.aggregate(total=Sum(column))["total"]
    return value or ZERO


def trace_for_lots(
    lots: QuerySet[Lot], counted_for: CountedFor = CountedFor.LOT, unit: str = BaseUnit.KG
) -> Trace:
    """The trace of a set of lots (callers authorise); people are counted once within each
    lot, or once within the pledge when the lots are a pledge's.

    Read from a handful of rows per lot and site, never from every distribution: what was
    received from the lots, what travelled from the waybill lines, what is on hand from the
    balances, and what was handed out, and to whom, from the tallies the distributions keep
    per cycle, lot and site (assistance.tallies). Whatever else left a site (store losses net of count
    adjustments) is what the balance lacks once all of that is accounted for.
    """
    chosen = lots.filter(commodity__base_unit=unit).order_by()
    ids = list(chosen.values_list("pk", flat=True))
    # A whole programme's funnel: its lots as a subquery, not as thousands of parameters.
    lot_ids: Iterable[int] = chosen.values_list("pk", flat=True) if len(ids) > MANY_LOTS else ids
    trace = Trace(unit=unit)
    trace.received = _total(Lot.objects.filter(pk__in=lot_ids), "quantity_received")
    came_in: dict[tuple[int, int], Decimal] = {}
    went_out: dict[tuple[int, int], Decimal] = {}
    for line in (
        # A draft never left, and only a draft can be cancelled: neither moved any stock.
        WaybillLine.objects.filter(lot_id__in=lot_ids)
        .exclude(waybill__status__in=(Waybill.Status.DRAFT, Waybill.Status.CANCELLED))
        .values(
            "lot_id",
            "quantity",
            "received_quantity",
            "lost_quantity",
            "waybill__status",
            "waybill__origin_id",
            "waybill__destination_id",
        )
    ):
        origin = (line["lot_id"], line["waybill__origin_id"])
        destination = (line["lot_id"], line["waybill__destination_id"])
        went_out[origin] = went_out.get(origin, ZERO) + line["quantity"]
        trace.dispatched += line["quantity"]
        if line["waybill__status"] == Waybill.Status.DISPATCHED:
            trace.in_transit += line["quantity"]
        if line["received_quantity"] is not None:
            trace.delivered += line["received_quantity"]
            trace.lost_in_transit += line["lost_quantity"]
            came_in[destination] = came_in.get(destination, ZERO) + line["received_quantity"]
    handed: dict[tuple[int, int], Decimal] = {}
    for row in DistributionTally.objects.filter(lot_id__in=lot_ids).values(
        "lot_id", "site_id", "is_institution", "quantity", "person_days"
    ):
        key = (row["lot_id"], row["site_id"])
        handed[key] = handed.get(key, ZERO) + row["quantity"]
        if row["is_institution"]:
            trace.institution_kg += row["quantity"]
            trace.person_days += row["person_days"]
    received_at: dict[tuple[int, int], Decimal] = {}
    for lot_id, site_id, quantity in StockMovement.objects.filter(
        lot_id__in=lot_ids, kind=MovementKind.RECEIPT
    ).values_list("lot_id", "site_id", "quantity"):
        received_at[(lot_id, site_id)] = received_at.get((lot_id, site_id), ZERO) + quantity
    by_site: dict[Site, Decimal] = {}
    for balance in StockBalance.objects.filter(lot_id__in=lot_ids).select_related("site"):
        key = (balance.lot_id, balance.site_id)
        at_origin = key in received_at
        arrived = received_at.get(key, ZERO) + came_in.get(key, ZERO)
        out = handed.get(key, ZERO)
        trace.lost_in_store += arrived - went_out.get(key, ZERO) - out - balance.quantity
        if at_origin:
            trace.distributed_at_origin += out
            trace.in_stock_at_origin += balance.quantity
        else:
            trace.distributed_at_destination += out
            trace.in_stock_at_destination += balance.quantity
        if balance.quantity:
            by_site[balance.site] = by_site.get(balance.site, ZERO) + balance.quantity
    trace.distributed = trace.distributed_at_origin + trace.distributed_at_destination
    trace.in_stock = trace.in_stock_at_origin + trace.in_stock_at_destination
    trace.in_stock_by_site = sorted(
        (SiteStock(site.pk, str(site), quantity) for site, quantity in by_site.items()),
        key=lambda row: row.site,
    )
    groups = ("people", "females", "males", "children", "adults", "elderly")
    for group in (
        ReachedTally.objects.filter(counted_for=counted_for, lot_id__in=lot_ids)
        .values("displacement")
        .annotate(**{name: Sum(name) for name in groups})
        .order_by("displacement")
    ):
        figures: dict[str, Any] = dict(group)
        for name in groups:
            setattr(trace, name, getattr(trace, name) + (figures[name] or 0))
        where = figures["displacement"] or "not_recorded"
        trace.by_displacement[where] = trace.by_displacement.get(where, 0) + (
            figures["people"] or 0
        )
    return trace


def pledge_trace(*, user: AnyUser, pledge_id: int) -> Trace:
    require_permission(user, AssistancePerm.VIEW_TRACE)
    return trace_for_lots(Lot.objects.filter(pledge_id=pledge_id), CountedFor.PLEDGE)


def lot_trace(*, user: AnyUser, lot_id: int) -> Trace:
    """The trace of one lot, in its commodity's unit."""
    require_permission(user, AssistancePerm.VIEW_TRACE)
    lots = Lot.objects.filter(pk=lot_id)
    unit = lots.values_list("commodity__base_unit", flat=True).first() or BaseUnit.KG
    return trace_for_lots(lots, unit=unit)


def distributed_by_unit(
    *, user: AnyUser, country_id: int | None = None, project_id: int | None = None
) -> dict[str, Decimal]:
    """What was handed out of commodities counted in litres and pieces (the kilograms are
    the chain trace's): one total per unit, never added to another."""
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    lots = scope.filter(Lot.objects.exclude(commodity__base_unit=BaseUnit.KG))
    lots = where_given(lots, country_id=country_id, pledge__project_id=project_id)
    return {
        row["lot__commodity__base_unit"]: row["total"]
        for row in DistributionTally.objects.filter(lot__in=lots.values("pk"))
        .values("lot__commodity__base_unit")
        .annotate(total=Sum("quantity"))
        .order_by("lot__commodity__base_unit")
        if row["total"]
    }


def pledge_lots(*, user: AnyUser, pledge_id: int) -> QuerySet[Lot]:
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    return scope.filter(Lot.objects.filter(pledge_id=pledge_id).select_related("commodity"))


@dataclass(frozen=True)
class SiteReach:
    """What some pledges' lots gave out at one site, and to how many."""

    site: str
    admin_area: str
    country: str
    kilograms: Decimal
    person_days: Decimal
    beneficiaries: int
    people: int


@dataclass
class PledgesReach:
    """Where the lots of some pledges were handed out; the totals count each beneficiary once
    across all the pledges and sites, so they may be less than the sum of the sites."""

    sites: list[SiteReach] = field(default_factory=list)
    beneficiaries: int = 0
    people: int = 0


def pledges_reach(*, user: AnyUser, pledge_ids: Sequence[int]) -> PledgesReach:
    """At which sites the lots of `pledge_ids` reached people, from the reach rows the
    distributions keep per lot, site and beneficiary; sites outside the user's countries are
    left out. Kilograms count the goods weighed in kilograms only (not tool kits)."""
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    rows = scope.filter(Reach.objects.filter(lot__pledge_id__in=list(pledge_ids)), "site__country")
    by_site = {
        row["site_id"]: row
        for row in rows.values("site_id")
        .annotate(
            kilograms=Sum("quantity", filter=Q(lot__commodity__base_unit=BaseUnit.KG)),
            person_days=Sum("person_days"),
            beneficiaries=Count("beneficiary_id", distinct=True),
        )
        .order_by()
    }
    reach = PledgesReach()
    sites = Site.objects.filter(pk__in=by_site).select_related("admin_area", "country")
    for site in sorted(sites, key=lambda site: (site.country.name, site.name)):
        served = Beneficiary.objects.filter(
            pk__in=rows.filter(site_id=site.pk).values("beneficiary_id")
        )
        figures = by_site[site.pk]
        reach.sites.append(
            SiteReach(
                site=site.local_name,
                admin_area=site.admin_area.local_name if site.admin_area else "",
                country=site.country.local_name,
                kilograms=figures["kilograms"] or ZERO,
                person_days=figures["person_days"] or ZERO,
                beneficiaries=figures["beneficiaries"],
                people=served.aggregate(people=Sum("people"))["people"] or 0,
            )
        )
    everyone = Beneficiary.objects.filter(pk__in=rows.values("beneficiary_id")).aggregate(
        beneficiaries=Count("pk"), people=Sum("people")
    )
    reach.beneficiaries = everyone["beneficiaries"] or 0
    reach.people = everyone["people"] or 0
    return reach


@dataclass(frozen=True)
class CountryAssistance:
    """Assistance handed out in one country in a year."""

    country: str
    iso3: str
    distributions: int
    kilograms: Decimal
    beneficiaries: int
    people: int


def assistance_by_country(*, user: AnyUser, year: int) -> list[CountryAssistance]:
    """Distributions, kilograms and the people they reached in each of the user's countries
    during `year`; a beneficiary served several times in the year is counted once."""
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    handed = scope.filter(Distribution.objects.filter(distributed_on__year=year))
    totals = {
        row["country_id"]: row
        for row in handed.values("country_id")
        .annotate(
            distributions=Count("pk"),
            kilograms=Sum("quantity", filter=Q(entitlement__commodity__base_unit=BaseUnit.KG)),
        )
        .order_by()
    }
    people: dict[int, dict[str, Any]] = {
        row["cycle__country_id"]: dict(row)
        for row in Beneficiary.objects.filter(pk__in=handed.values("beneficiary_id"))
        .values("cycle__country_id")
        .annotate(beneficiaries=Count("pk"), people=Sum("people"))
        .order_by()
    }
    rows = []
    for country in Country.objects.filter(pk__in=totals).order_by("name"):
        reached = people.get(country.pk, {})
        rows.append(
            CountryAssistance(
                country=country.local_name,
                iso3=country.iso3,
                distributions=totals[country.pk]["distributions"],
                kilograms=totals[country.pk]["kilograms"] or ZERO,
                beneficiaries=reached.get("beneficiaries") or 0,
                people=reached.get("people") or 0,
            )
        )
    return rows


# Dashboards: read from the summary tables only (assistance.tallies), never from distributions.


def _traceable(records: QuerySet[M], user: AnyUser, country_id: int | None) -> QuerySet[M]:
    """Lots or cycles in the countries whose trace the user may see, or in one of them."""
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    return where_given(scope.filter(records), country_id=country_id)


def chain_trace(
    *, user: AnyUser, country_id: int | None = None, project_id: int | None = None
) -> Trace:
    """The trace of every lot in the user's countries (or of one country, or of the lots of
    one project's pledges); people are counted once within each cycle."""
    lots = _traceable(Lot.objects.all(), user, country_id)
    lots = where_given(lots, pledge__project_id=project_id)
    return trace_for_lots(lots, CountedFor.CYCLE)


@dataclass(frozen=True)
class Reached(PeopleCounted):
    """Kilograms handed out and people reached by some cycles."""

    kilograms: Decimal
    beneficiaries: int
    people: int
    females: int
    males: int
    children: int
    adults: int
    elderly: int
    by_displacement: dict[str, int]
    by_area: dict[str, int]  # people reached per first-level admin area p-code


# A tally is placed by its cycle's country and programme and, for a donor viewer, by the
# donor of the lot that reached the people: its dashboards count what its goods reached, as
# its trace does, where its cycles (which no donor owns) would count nothing.
TALLY_SCOPE = replace(Cycle.scope_rule.under("cycle"), organisation="lot__donor")

Tally = TypeVar("Tally", ReachedTally, DistributionTally)


def _tallies(
    rows: QuerySet[Tally],
    user: AnyUser,
    country_id: int | None,
    programme_id: int | None,
    project_id: int | None,
    cycle_id: int | None = None,
) -> QuerySet[Tally]:
    # Counts of people, never who they are: every role that may see a trace may see these.
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    return where_given(
        scope.filter(rows, rule=TALLY_SCOPE),
        cycle__country_id=country_id,
        cycle__project__programme_id=programme_id,
        cycle__project_id=project_id,
        cycle_id=cycle_id,
    )


@dataclass(frozen=True)
class ReachedInBrief:
    """People reached and kilograms handed out by some cycles, without the breakdowns."""

    people: int
    kilograms: Decimal


def reached_by_project(*, user: AnyUser, project_ids: Iterable[int]) -> dict[int, ReachedInBrief]:
    """People reached and kilograms handed out for each of some projects, in two queries
    however many they are (counted as `people_reached` counts them)."""
    ids = list(project_ids)
    handed_out = DistributionTally.objects.filter(
        cycle__project_id__in=ids, lot__commodity__base_unit=BaseUnit.KG
    )
    kilograms = dict(
        _tallies(handed_out, user, None, None, None)
        .order_by()
        .values_list("cycle__project_id")
        .annotate(total=Sum("quantity"))
    )
    reached = ReachedTally.objects.filter(counted_for=CountedFor.CYCLE, cycle__project_id__in=ids)
    people = dict(
        _tallies(reached, user, None, None, None)
        .order_by()
        .values_list("cycle__project_id")
        .annotate(total=Sum("people"))
    )
    return {
        pk: ReachedInBrief(people=people.get(pk) or 0, kilograms=kilograms.get(pk) or ZERO)
        for pk in ids
    }


# Where a tally's site is: its admin area, the area above it and the area's level.
_SITE_AREA = {
    "area": F("site__admin_area__p_code"),
    "parent": F("site__admin_area__parent__p_code"),
    "level": F("site__admin_area__level"),
}


def _first_level_area(row: Mapping[str, object]) -> str | None:
    """The p-code of the first-level area a tally row (`_SITE_AREA`) counts in: a site below
    the first level is counted in the area above it."""
    level = row["level"]
    area = row["parent"] if isinstance(level, int) and level > 1 else row["area"]
    return str(area) if area else None


def people_reached_by_project(
    *, user: AnyUser, project_ids: Iterable[int]
) -> dict[int, dict[str, int]]:
    """People reached by each of the projects that reached anyone, by first-level admin area,
    as `people_reached` counts them for one project; in one query however many projects."""
    rows = _tallies(
        ReachedTally.objects.filter(
            counted_for=CountedFor.CYCLE, cycle__project_id__in=project_ids
        ),
        user,
        None,
        None,
        None,
    )
    people: dict[int, int] = {}
    by_area: dict[int, dict[str, int]] = {}
    for row in (
        rows.values(project=F("cycle__project_id"), **_SITE_AREA)
        .annotate(people=Sum("people"))
        .order_by()
    ):
        pk = row["project"]
        people[pk] = people.get(pk, 0) + row["people"]
        here = by_area.setdefault(pk, {})
        area = _first_level_area(row)
        if area:
            here[area] = here.get(area, 0) + row["people"]
    return {pk: by_area[pk] for pk in people if people[pk]}


def people_reached(
    *,
    user: AnyUser,
    country_id: int | None = None,
    programme_id: int | None = None,
    project_id: int | None = None,
    cycle_id: int | None = None,
) -> Reached:
    """People reached by the cycles in the user's countries (or one of them), each counted
    once per cycle, with where (the admin area of the site that first served them); for a
    donor viewer, those its organisation's lots reached (`TALLY_SCOPE`)."""
    within = (user, country_id, programme_id, project_id, cycle_id)
    handed_out = DistributionTally.objects.filter(lot__commodity__base_unit=BaseUnit.KG)
    kilograms = _tallies(handed_out, *within).aggregate(total=Sum("quantity"))["total"]
    rows = _tallies(ReachedTally.objects.filter(counted_for=CountedFor.CYCLE), *within)
    figures = ("beneficiaries", "people", "females", "males", "children", "adults", "elderly")
    totals = rows.aggregate(**{name: Sum(name) for name in figures})
    by_displacement: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for row in rows.values("displacement", **_SITE_AREA).annotate(people=Sum("people")).order_by():
        where = row["displacement"] or "not_recorded"
        by_displacement[where] = by_displacement.get(where, 0) + row["people"]
        area = _first_level_area(row)
        if area:
            by_area[area] = by_area.get(area, 0) + row["people"]
    return Reached(
        kilograms=kilograms or ZERO,
        by_displacement=dict(sorted(by_displacement.items())),
        by_area=by_area,
        **{name: totals[name] or 0 for name in figures},
    )


# Post-distribution monitoring


@dataclass(frozen=True)
class MonitoringResults:
    """One monitoring round of a cycle: how many answered of those sampled, and the survey's
    results per question."""

    monitoring: Monitoring
    answered: int
    results: list[QuestionResult]

    @property
    def rate(self) -> int:
        """Answers as a whole percentage of the sample."""
        sampled = self.monitoring.sampled
        return round(self.answered * 100 / sampled) if sampled else 0


def cycle_monitorings(*, user: AnyUser, cycle: Cycle) -> list[MonitoringResults]:
    """The cycle's monitoring rounds, latest first, each with its results."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    rounds = []
    for monitoring in Monitoring.objects.filter(cycle=cycle).select_related("survey"):
        answered, results = survey_results(user=user, survey=monitoring.survey)
        rounds.append(MonitoringResults(monitoring, answered, results))
    return rounds


def monitoring_surveys(*, user: AnyUser, cycle: Cycle) -> QuerySet[Survey]:
    """Monitoring surveys a round of the cycle may use: in the cycle's country (or
    international), open, and not sent to anyone yet."""
    require_permission(user, AssistancePerm.RUN_MONITORING)
    return (
        Survey.objects.visible_to(user, LearningPerm.VIEW_EVENT)
        .filter(
            purpose=Survey.Purpose.MONITORING,
            event__isnull=True,
            closed_at__isnull=True,
            invitations__isnull=True,
        )
        .filter(Q(country=cycle.country_id) | Q(country__isnull=True))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class SheetRow:
    """A line of the printed list of survey links: who to visit, as the reader may see them."""

    reference: str
    kind: str
    area: str
    name: str
    phone: str
    link: str


def monitoring_sheet(*, user: AnyUser, sampled: Sequence[tuple[int, str]]) -> list[SheetRow]:
    """The sampled beneficiaries (id, link) as lines of the list an enumerator carries; a
    household is named by its head. Names and phones are masked without protection
    clearance, and read with it is recorded (registry's `person_cards`)."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    beneficiaries = Beneficiary.objects.select_related("admin_area").in_bulk(
        [pk for pk, _link in sampled]
    )
    # A household is named by its head (or its first member where none is marked head).
    heads: dict[int, int] = {}
    for person_id, household_id, relation in (
        Person.objects.filter(
            household_id__in={b.household_id for b in beneficiaries.values() if b.household_id}
        )
        .order_by("household_id", "pk")
        .values_list("pk", "household_id", "relation_to_head")
    ):
        if household_id not in heads or relation == Person.Relation.HEAD:
            heads[household_id] = person_id
    named = {b.pk: b.person_id or heads.get(b.household_id or 0) for b in beneficiaries.values()}
    people = list(
        Person.objects.select_related("country", "admin_area", "household").filter(
            pk__in={person_id for person_id in named.values() if person_id}
        )
    )
    cards = {
        card.pk: card
        for card in person_cards(
            user=user,
            people=people,
            channel="monitoring sheet",
            reason="post-distribution monitoring",
        )
    }
    rows = []
    for pk, link in sampled:
        beneficiary = beneficiaries[pk]
        card = cards.get(named[pk] or 0)
        rows.append(
            SheetRow(
                reference=beneficiary.reference,
                kind=beneficiary.get_kind_display(),
                area=beneficiary.admin_area.local_name if beneficiary.admin_area else "",
                name=" ".join(part for part in (card.given_name, card.family_name) if part)
                if card
                else "",
                phone=card.phone if card else "",
                link=link,
            )
        )
    return rows


def person_listed(person: Person, *, via: str = "beneficiary__") -> Q:
    """The list rows of `person` or of their household, as a condition on a record's row
    (`via` its link to the row; "" on the rows themselves)."""
    listed = Q(**{f"{via}person": person})
    if person.household_id is not None:
        listed |= Q(**{f"{via}household_id": person.household_id})
    return listed


def person_monitoring_samples(*, person: Person) -> QuerySet[MonitoringSample]:
    """The post-distribution monitoring samples of a list row of `person` (a registry record
    the caller fetched and authorised) or of their household: what their file lists of
    monitoring, and what their erasure reaches."""
    return MonitoringSample.objects.filter(person_listed(person))


def _monitoring_texts(samples: QuerySet[MonitoringSample]) -> Holding:
    """What the sampled rows said, or was written about them, in their answers' free text to
    post-distribution monitoring."""
    sampled = {
        sample.invitation_id: sample
        for sample in samples.select_related("monitoring__cycle", "beneficiary")
    }
    answers = (
        SurveyAnswer.objects.filter(
            response__invitation__in=list(sampled), question__kind=SurveyQuestion.Kind.TEXT
        )
        .exclude(text="")
        .select_related("question", "response")
        .order_by("response__submitted_at", "question__position", "pk")
    )
    return Holding(
        "monitoring_answers",
        _("Answers to post-distribution monitoring"),
        [
            ("cycle", heading(Monitoring, "cycle")),
            ("submitted_at", _("Answered on")),
            ("question", _("Question")),
            ("text", _("Answer")),
            ("received_as", _("Received as")),
        ],
        [
            {
                "cycle": sampled[answer.response.invitation_id].monitoring.cycle.local_name,
                "submitted_at": timezone.localdate(answer.response.submitted_at).isoformat(),
                "question": answer.question.local_label,
                "text": answer.text,
                "received_as": shown(sampled[answer.response.invitation_id].beneficiary, "kind"),
            }
            for answer in answers
        ],
    )


def person_received(person: Person) -> list[Holding]:
    """What a person (a registry record the caller fetched and authorised) was entitled to
    and received, alone or with their household, and what they answered in free text when
    sampled for post-distribution monitoring, as their own file lists it."""
    listed = person_listed(person)
    entitlements = (
        Entitlement.objects.filter(listed)
        .select_related("cycle", "commodity", "beneficiary")
        .order_by("cycle__period_start", "pk")
    )
    distributions = (
        Distribution.objects.filter(listed)
        .select_related("entitlement__commodity", "site", "beneficiary")
        .order_by("distributed_on", "pk")
    )
    as_whom = ("received_as", _("Received as"))
    listed_as = ("listed_as", _("Listed as"))
    commodity = ("commodity", heading(Entitlement, "commodity"))
    unit = ("unit", _("Unit"))
    return [
        Holding(
            "entitlements",
            _("Entitlements"),
            [
                ("cycle", heading(Entitlement, "cycle")),
                commodity,
                ("quantity", heading(Entitlement, "quantity")),
                ("distributed", heading(Entitlement, "distributed")),
                unit,
                ("status", heading(Entitlement, "status")),
                as_whom,
                listed_as,
            ],
            [
                {
                    "cycle": entitlement.cycle.local_name,
                    "commodity": entitlement.commodity.local_name,
                    "quantity": str(entitlement.quantity),
                    "distributed": str(entitlement.distributed),
                    "unit": shown(entitlement.commodity, "base_unit"),
                    "status": shown(entitlement, "status"),
                    "received_as": shown(entitlement.beneficiary, "kind"),
                    "listed_as": entitlement.beneficiary.reference,
                }
                for entitlement in entitlements
            ],
        ),
        Holding(
            "distributions",
            _("Distributions"),
            [
                ("distributed_on", heading(Distribution, "distributed_on")),
                commodity,
                ("quantity", heading(Distribution, "quantity")),
                unit,
                ("site", heading(Distribution, "site")),
                ("reference", heading(Distribution, "reference")),
                as_whom,
                ("reason", heading(Distribution, "reason")),
            ],
            [
                {
                    "distributed_on": distribution.distributed_on.isoformat(),
                    "commodity": distribution.entitlement.commodity.local_name,
                    "quantity": str(distribution.quantity),
                    "unit": shown(distribution.entitlement.commodity, "base_unit"),
                    "site": distribution.site.local_name,
                    "reference": distribution.reference,
                    "received_as": shown(distribution.beneficiary, "kind"),
                    "reason": said(distribution.reason),
                }
                for distribution in distributions
            ],
        ),
        _monitoring_texts(person_monitoring_samples(person=person)),
    ]

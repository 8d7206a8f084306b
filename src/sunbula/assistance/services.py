"""Every write of this domain: cycles, targeting, the frozen list, entitlements and
distributions; atomic and audited.

A distribution takes stock through supply's `stock_distribute`, lot by lot, first expiry
first out, and feeds the cycle's indicator actuals through programmes'
`indicator_actual_record` (an approved period refuses them; the distribution itself stands).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sunbula.assistance.models import (
    GRAM,
    Beneficiary,
    Cycle,
    Distribution,
    Draw,
    EligibilityRule,
    Entitlement,
    RationKind,
    RationLine,
    Reach,
    RuleField,
)
from sunbula.assistance.tallies import draw_count, tallies_recompute
from sunbula.assistance.targeting import Candidate, candidates
from sunbula.core.audit import audit_record, create_audited, snapshot, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, Site, User
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.programmes.services import Disaggregation, indicator_actual_record
from sunbula.registry.importing import FileRefused, rows_of
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply.models import Commodity, StockBalance
from sunbula.supply.services import StockShort, stock_distribute

ZERO = Decimal(0)
ACTUALS_SOURCE = "assistance"


class AssistanceError(DomainError):
    status_code = 409


class DuplicateBeneficiary(AssistanceError):
    """A confirmed duplicate (or its survivor) already holds a place in the cycle."""


class EntitlementExceeded(AssistanceError):
    """A distribution would hand over more than the entitlement left."""


def _kg(value: Decimal) -> Decimal:
    return value.quantize(GRAM, rounding=ROUND_HALF_UP)


# Cycles and targeting


@transaction.atomic
def cycle_create(
    *,
    actor: User | None,
    project: Project,
    country: Country,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    ration_kind: str,
    name_translations: dict[str, str] | None = None,
    people_indicator: Indicator | None = None,
    kg_indicator: Indicator | None = None,
    reporting_period: ReportingPeriod | None = None,
    is_illustrative: bool = False,
) -> Cycle:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for indicator in (people_indicator, kg_indicator):
        if indicator is not None and indicator.result.project_id != project.pk:
            raise ValidationError({"people_indicator": _("The indicator is of another project.")})
    if reporting_period is not None and reporting_period.project_id != project.pk:
        raise ValidationError({"reporting_period": _("The period is of another project.")})
    return create_audited(
        actor=actor,
        model=Cycle,
        values={
            "project": project,
            "country": country,
            "name": name,
            "name_translations": name_translations or {},
            "period_start": period_start,
            "period_end": period_end,
            "ration_kind": ration_kind,
            "people_indicator": people_indicator,
            "kg_indicator": kg_indicator,
            "reporting_period": reporting_period,
            "is_illustrative": is_illustrative,
        },
    )


def _planning(cycle: Cycle) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Cycle.Status.PLANNING:
        raise AssistanceError(_("The beneficiary list of this cycle is frozen already."))
    return cycle


@transaction.atomic
def ration_line_set(
    *, actor: User | None, cycle: Cycle, commodity: Commodity, quantity: Decimal
) -> RationLine:
    """Set how much of a commodity the ration gives (per the cycle's ration kind)."""
    cycle = _planning(cycle)
    existing = RationLine.objects.filter(cycle=cycle, commodity=commodity).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values={"quantity": quantity})
    return create_audited(
        actor=actor,
        model=RationLine,
        values={"cycle": cycle, "commodity": commodity, "quantity": quantity},
    )


@transaction.atomic
def eligibility_rule_add(
    *, actor: User | None, cycle: Cycle, field: str, value: str
) -> EligibilityRule:
    cycle = _planning(cycle)
    if field not in RuleField.values:
        raise ValidationError({"field": _("Choose a field to target on.")})
    if not value.strip():
        raise ValidationError({"value": _("Give the value to target.")})
    return create_audited(
        actor=actor,
        model=EligibilityRule,
        values={"cycle": cycle, "field": field, "value": value.strip()},
    )


@transaction.atomic
def eligibility_rule_remove(*, actor: User | None, rule: EligibilityRule) -> None:
    _planning(rule.cycle)
    audit_record(
        actor=actor,
        action="assistance.eligibilityrule.deleted",
        obj=rule,
        before=snapshot(rule, ("cycle", "field", "value")),
    )
    rule.delete()


def _holder_of_place(cycle: Cycle, person: Person) -> Beneficiary | None:
    """The list row already standing for this person or the same person under another
    record (a confirmed duplicate and its survivor are one person)."""
    root = person.duplicate_of_id or person.pk
    same = Q(person_id=root) | Q(person__duplicate_of_id=root)
    return Beneficiary.objects.filter(cycle=cycle).filter(same).first()


def _list(cycle: Cycle, candidate: Candidate) -> Beneficiary:
    if candidate.person is not None:
        holder = _holder_of_place(cycle, candidate.person)
        if holder is not None:
            raise DuplicateBeneficiary(
                _("%(reference)s is the same person as %(holder)s, already on this cycle.")
                % {"reference": candidate.reference, "holder": holder.reference}
            )
    if Beneficiary.objects.filter(cycle=cycle, reference=candidate.reference).exists():
        raise DuplicateBeneficiary(
            _("%(reference)s is already on this cycle.") % {"reference": candidate.reference}
        )
    beneficiary = Beneficiary(cycle=cycle, **candidate.values())
    beneficiary.full_clean()
    beneficiary.save()
    return beneficiary


@transaction.atomic
def beneficiary_list_freeze(*, actor: User | None, cycle: Cycle) -> Cycle:
    """Draw the list from the rules and freeze it; confirmed duplicates are left out."""
    cycle = _planning(cycle)
    listed = 0
    for candidate in candidates(cycle):
        if candidate.person is not None and candidate.person.status != Person.Status.ACTIVE:
            continue
        _list(cycle, candidate)
        listed += 1
    cycle.status = Cycle.Status.FROZEN
    cycle.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="assistance.cycle.frozen",
        obj=cycle,
        before={"status": Cycle.Status.PLANNING},
        after={"status": cycle.status, "beneficiaries": listed},
    )
    return cycle


@transaction.atomic
def beneficiary_add(
    *,
    actor: User | None,
    cycle: Cycle,
    person: Person | None = None,
    household: Household | None = None,
    institution: Institution | None = None,
) -> Beneficiary:
    """Add one person, household or institution to a cycle by hand (before or after the
    freeze); a confirmed duplicate of someone already listed is refused."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise AssistanceError(_("This cycle is closed."))
    given = [thing for thing in (person, household, institution) if thing is not None]
    if len(given) != 1:
        raise ValidationError({"person": _("Give one person, household or institution.")})
    if person is not None:
        candidate = Candidate.for_person(person, cycle)
    elif household is not None:
        candidate = Candidate.for_household(household, cycle)
    elif institution is not None:
        candidate = Candidate.for_institution(institution)
    if candidate.country_id != cycle.country_id:
        raise ValidationError({"person": _("Not in the country of the cycle.")})
    beneficiary = _list(cycle, candidate)
    audit_record(
        actor=actor,
        action="assistance.beneficiary.created",
        obj=beneficiary,
        after=snapshot(beneficiary, ("cycle", "kind", "reference", "people")),
    )
    return beneficiary


# Entitlements


def _ration_quantity(cycle: Cycle, line: RationLine, beneficiary: Beneficiary) -> Decimal:
    if cycle.ration_kind == RationKind.PER_PERSON_DAY:
        return _kg(line.quantity * beneficiary.people * cycle.days)
    if cycle.ration_kind == RationKind.PER_HOUSEHOLD_MONTH:
        return _kg(line.quantity * cycle.months)
    if cycle.ration_kind == RationKind.PER_RESIDENT_MONTH:
        return _kg(line.quantity * beneficiary.people * cycle.months)
    return _kg(line.quantity)


@transaction.atomic
def entitlements_compute(*, actor: User | None, cycle: Cycle) -> int:
    """Draft the entitlement of every listed beneficiary missing one; returns how many."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Cycle.Status.FROZEN:
        raise AssistanceError(_("Freeze the beneficiary list first."))
    lines = list(cycle.ration_lines.select_related("commodity"))
    if not lines:
        raise ValidationError({"ration": _("Give the ration before computing entitlements.")})
    made = 0
    for beneficiary in cycle.beneficiaries.order_by("pk"):
        for line in lines:
            if Entitlement.objects.filter(beneficiary=beneficiary, commodity=line.commodity):
                continue
            create_audited(
                actor=actor,
                model=Entitlement,
                values={
                    "cycle": cycle,
                    "beneficiary": beneficiary,
                    "commodity": line.commodity,
                    "quantity": _ration_quantity(cycle, line, beneficiary),
                },
            )
            made += 1
    return made


@transaction.atomic
def entitlements_approve(*, actor: User | None, cycle: Cycle) -> int:
    """Approve every draft entitlement of the cycle; returns how many."""
    approved = 0
    for entitlement in cycle.entitlements.filter(status=Entitlement.Status.DRAFT).order_by("pk"):
        update_audited(actor=actor, obj=entitlement, values={"status": Entitlement.Status.APPROVED})
        approved += 1
    return approved


@transaction.atomic
def entitlement_cancel(*, actor: User | None, entitlement: Entitlement) -> Entitlement:
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.status not in (Entitlement.Status.DRAFT, Entitlement.Status.APPROVED):
        raise AssistanceError(_("Only an entitlement not yet distributed can be cancelled."))
    return update_audited(
        actor=actor, obj=entitlement, values={"status": Entitlement.Status.CANCELLED}
    )


@transaction.atomic
def cycle_close(*, actor: User | None, cycle: Cycle) -> Cycle:
    """Close the cycle: what was not handed over expires."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise AssistanceError(_("This cycle is closed."))
    open_states = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)
    for entitlement in cycle.entitlements.filter(status__in=open_states).order_by("pk"):
        update_audited(actor=actor, obj=entitlement, values={"status": Entitlement.Status.EXPIRED})
    return update_audited(actor=actor, obj=cycle, values={"status": Cycle.Status.CLOSED})


# Distributions


def _lots_first_expiry(site: Site, commodity: Commodity) -> QuerySet[StockBalance]:
    return (
        StockBalance.objects.select_related("lot")
        .filter(site=site, lot__commodity=commodity, quantity__gt=0)
        .order_by(F("lot__expires_on").asc(nulls_last=True), "lot__received_on", "lot__pk")
    )


def _person_days(cycle: Cycle, entitlement: Entitlement, quantity: Decimal) -> Decimal:
    """Days of food for one person the quantity stands for (institution rations only)."""
    if cycle.ration_kind != RationKind.PER_RESIDENT_MONTH:
        return ZERO
    line = RationLine.objects.filter(cycle=cycle, commodity=entitlement.commodity).first()
    if line is None:
        return ZERO
    per_day = line.quantity / Decimal(30)
    return Decimal((quantity / per_day).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@transaction.atomic
def distribution_record(
    *,
    actor: User | None,
    entitlement: Entitlement,
    site: Site,
    quantity: Decimal,
    distributed_on: datetime.date,
    reference: str = "",
    is_illustrative: bool = False,
) -> Distribution:
    """Hand over `quantity` against an entitlement at a site, lots first expiry first out."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity greater than zero.")})
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle", "beneficiary", "commodity")
        .get(pk=entitlement.pk)
    )
    cycle = entitlement.cycle
    # One beneficiary's draws are counted one after another (see tallies.draw_count).
    beneficiary = Beneficiary.objects.select_for_update().get(pk=entitlement.beneficiary_id)
    if entitlement.status not in (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY):
        raise AssistanceError(
            _("This entitlement is %(status)s; only an approved one is distributed.")
            % {"status": entitlement.get_status_display()}
        )
    if site.country_id != cycle.country_id:
        raise ValidationError({"site": _("The site is not in the country of the cycle.")})
    if quantity > entitlement.remaining:
        raise EntitlementExceeded(
            _("Only %(left)s of %(commodity)s are left on this entitlement; %(asked)s were asked.")
            % {
                "left": entitlement.remaining,
                "commodity": entitlement.commodity,
                "asked": quantity,
            }
        )
    balances = list(_lots_first_expiry(site, entitlement.commodity))
    held = sum((balance.quantity for balance in balances), ZERO)
    if quantity > held:
        raise StockShort(
            _("%(site)s holds %(held)s of %(commodity)s; %(asked)s were asked for.")
            % {"site": site, "held": held, "commodity": entitlement.commodity, "asked": quantity}
        )
    distribution = Distribution(
        entitlement=entitlement,
        beneficiary=entitlement.beneficiary,
        site=site,
        country=cycle.country,
        quantity=quantity,
        person_days=_person_days(cycle, entitlement, quantity),
        distributed_on=distributed_on,
        reference=reference or f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}",
        recorded_by=actor,
        is_illustrative=is_illustrative,
    )
    distribution.full_clean()
    distribution.save()
    left = quantity
    for balance in balances:
        if not left:
            break
        take = min(left, balance.quantity)
        movement = stock_distribute(
            actor=actor,
            site=site,
            lot=balance.lot,
            quantity=take,
            reference=distribution.reference,
            occurred_at=distributed_on,
        )
        draw = Draw.objects.create(
            distribution=distribution,
            lot=balance.lot,
            beneficiary=entitlement.beneficiary,
            quantity=take,
            person_days=_person_days(cycle, entitlement, take),
            movement=movement,
        )
        draw_count(draw, site_id=site.pk, beneficiary=beneficiary)
        reach, _created = Reach.objects.get_or_create(
            lot=balance.lot,
            site=site,
            beneficiary=entitlement.beneficiary,
            defaults={
                "is_institution": entitlement.beneficiary.kind == Beneficiary.Kind.INSTITUTION
            },
        )
        Reach.objects.filter(pk=reach.pk).update(
            quantity=F("quantity") + take, person_days=F("person_days") + draw.person_days
        )
        left -= take
    entitlement.distributed += quantity
    entitlement.status = (
        Entitlement.Status.DISTRIBUTED if not entitlement.remaining else Entitlement.Status.PARTLY
    )
    entitlement.full_clean()
    entitlement.save(update_fields=["distributed", "status"])
    audit_record(
        actor=actor,
        action="assistance.distribution.created",
        obj=distribution,
        after={
            **snapshot(distribution, ("entitlement", "site", "quantity", "distributed_on")),
            "draws": [[draw.lot_id, draw.quantity] for draw in distribution.draws.all()],
            "entitlement_status": entitlement.status,
        },
    )
    if cycle.reporting_period_id is not None and not cycle.reporting_period.is_locked:  # type: ignore[union-attr]
        _feed(actor, cycle)
    return distribution


@dataclass(frozen=True)
class BatchRow:
    """One line of a paper list: the beneficiary's reference and the kilograms handed over."""

    reference: str
    quantity: Decimal
    line: int = 0  # the line of the file it came from; its place in the list if not given


@transaction.atomic
def distribution_batch_record(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    rows: Sequence[BatchRow],
    is_illustrative: bool = False,
) -> list[Distribution]:
    """Record a paper list at once: all lines or none, a bad line named by its number."""
    if not rows:
        raise ValidationError({"rows": _("The list is empty.")})
    made = []
    for place, row in enumerate(rows, start=1):
        number = row.line or place
        entitlement = Entitlement.objects.filter(
            cycle=cycle, beneficiary__reference=row.reference, commodity=commodity
        ).first()
        if entitlement is None:
            raise ValidationError(
                {
                    "rows": _("Line %(line)s: %(reference)s has no entitlement in this cycle.")
                    % {"line": number, "reference": row.reference}
                }
            )
        try:
            made.append(
                distribution_record(
                    actor=actor,
                    entitlement=entitlement,
                    site=site,
                    quantity=row.quantity,
                    distributed_on=distributed_on,
                    reference=f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}-{number:04d}",
                    is_illustrative=is_illustrative,
                )
            )
        except (DomainError, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                {"rows": _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}}
            ) from error
    return made


def _batch_rows(table: list[list[str]]) -> list[BatchRow]:
    if not table:
        raise ValidationError({"file": _("The file is empty.")})
    headers = [cell.strip().lower() for cell in table[0]]
    if "reference" not in headers or "quantity" not in headers:
        raise ValidationError({"file": _("Give the columns “reference” and “quantity”.")})
    at_reference, at_quantity = headers.index("reference"), headers.index("quantity")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(headers) - len(cells))
        reference = cells[at_reference].strip()
        try:
            quantity = Decimal(cells[at_quantity].strip().replace(",", "."))
        except ArithmeticError:
            quantity = ZERO
        if not reference or not quantity.is_finite() or quantity <= 0:
            raise ValidationError(
                {
                    "file": _("Line %(line)s: give a reference and a quantity above zero.")
                    % {"line": line}
                }
            )
        rows.append(BatchRow(reference, quantity, line))
    return rows


@transaction.atomic
def distribution_list_upload(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    stream: IO[bytes],
    file_name: str,
    size: int,
) -> list[Distribution]:
    """Record a distribution list from a CSV or XLSX file (columns reference, quantity), with
    the registry import's file rules; a bad line is named and nothing is recorded."""
    try:
        table = list(rows_of(stream, file_name, size))
    except FileRefused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    return distribution_batch_record(
        actor=actor,
        cycle=cycle,
        commodity=commodity,
        site=site,
        distributed_on=distributed_on,
        rows=_batch_rows(table),
    )


# Indicator actuals


SEX_KEYS = {"female": "females", "male": "males"}


def _feed(actor: User | None, cycle: Cycle) -> None:
    period = cycle.reporting_period
    if period is None:
        return
    served = Beneficiary.objects.filter(cycle=cycle, entitlements__distributed__gt=0).distinct()
    people = Beneficiary.objects.filter(pk__in=served.values("pk")).aggregate(
        people=Sum("people"), females=Sum("females"), males=Sum("males")
    )
    if cycle.people_indicator is not None:
        indicator = cycle.people_indicator
        indicator_actual_record(
            actor=actor,
            indicator=indicator,
            period=period,
            value=Decimal(people["people"] or 0),
            source=ACTUALS_SOURCE,
            is_illustrative=cycle.is_illustrative,
        )
        if indicator.by_sex:
            for sex, key in SEX_KEYS.items():
                indicator_actual_record(
                    actor=actor,
                    indicator=indicator,
                    period=period,
                    value=Decimal(people[key] or 0),
                    disaggregation=Disaggregation(sex=sex),
                    source=ACTUALS_SOURCE,
                    is_illustrative=cycle.is_illustrative,
                )
    if cycle.kg_indicator is not None:
        kilograms: Any = Distribution.objects.filter(entitlement__cycle=cycle).aggregate(
            total=Sum("quantity")
        )["total"]
        value = kilograms or ZERO
        if cycle.kg_indicator.unit.strip().lower() == "t":
            value = value / Decimal(1000)
        indicator_actual_record(
            actor=actor,
            indicator=cycle.kg_indicator,
            period=period,
            value=value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            source=ACTUALS_SOURCE,
            is_illustrative=cycle.is_illustrative,
        )


@transaction.atomic
def cycle_actuals_feed(*, actor: User | None, cycle: Cycle) -> Cycle:
    """Send people reached and kilograms distributed to the project's indicator actuals;
    a locked (approved) period refuses them."""
    if cycle.reporting_period is None:
        raise ValidationError({"reporting_period": _("This cycle feeds no reporting period.")})
    _feed(actor, cycle)
    return cycle


@transaction.atomic
def tallies_rebuild(*, actor: User | None) -> tuple[int, int]:
    """Derive the summary tables from the draws alone, replacing what was kept."""
    handed, reached = tallies_recompute()
    audit_record(
        actor=actor,
        action="assistance.tallies.rebuilt",
        obj=None,
        after={"distribution_rows": handed, "reached_rows": reached},
    )
    return handed, reached

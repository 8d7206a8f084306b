"""Cycles and their targeting: rations, eligibility rules, the frozen beneficiary list."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sunbula.assistance.models import (
    GRAM,
    Beneficiary,
    Cycle,
    EligibilityRule,
    RationLine,
    RuleField,
)
from sunbula.assistance.targeting import Candidate, candidates, size_rule_bounds
from sunbula.core.audit import (
    audit_record,
    create_audited,
    snapshot,
    update_audited,
    upsert_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import PIECE_UNITS, date_text, quantity_text
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply.models import Commodity, StockBalance
from sunbula.supply.services import StockShort

ZERO = Decimal(0)


class AssistanceError(DomainError):
    status_code = 409
    # The input the refusal is about, when it is about one (the API keys its answer by it).
    field: str | None = None


class DuplicateBeneficiary(AssistanceError):
    """A confirmed duplicate (or its survivor) already holds a place in the cycle."""


class EntitlementExceeded(AssistanceError):
    """A distribution would hand over more than the entitlement left."""

    field = "quantity"


class AlreadyServed(AssistanceError):
    """The beneficiary, or the same person under a merged record, was served in the cycle."""

    field = "entitlement"


class EntitlementClosed(AssistanceError):
    """The entitlement is not open for hand-overs: a draft, cancelled or expired one."""

    field = "entitlement"


class ShortAtSite(StockShort, AssistanceError):
    """The site holds less of the commodity than a hand-over asks: refused on the site when
    it holds none (the wrong place was chosen), else on the quantity. Stock past its expiry
    date on the hand-over's day `on` is not held for it: the refusal names how much of it
    the site holds (`expired`, see `expired_at`)."""

    def __init__(
        self,
        *,
        site: Site,
        commodity: Commodity,
        held: Decimal,
        asked: Decimal,
        on: datetime.date,
        expired: Decimal = ZERO,
    ):
        figures = {
            "site": site,
            "held": in_unit(held, commodity),
            "commodity": commodity,
            "asked": in_unit(asked, commodity),
            "expired": in_unit(expired, commodity),
            "day": date_text(on),
        }
        if expired:
            message = _(
                "%(site)s holds %(held)s of %(commodity)s that has not expired by %(day)s "
                "(%(expired)s more is past its expiry date and is not handed out); %(asked)s "
                "were asked for."
            )
        else:
            message = _("%(site)s holds %(held)s of %(commodity)s; %(asked)s were asked for.")
        super().__init__(message % figures)
        self.field = "site" if held <= 0 else "quantity"


def _good_on(on: datetime.date) -> Q:
    # A lot is good to the end of its expiry day (as the write-off of expired stock counts).
    return Q(lot__expires_on__isnull=True) | Q(lot__expires_on__gte=on)


def lots_first_expiry(
    site: Site, commodity: Commodity, on: datetime.date
) -> QuerySet[StockBalance]:
    """The commodity's lots on hand at the site that have not expired by `on`, the day of the
    hand-over: first expiry first out, those without an expiry last."""
    return (
        StockBalance.objects.filter(site=site, lot__commodity=commodity, quantity__gt=0)
        .filter(_good_on(on))
        .order_by(F("lot__expires_on").asc(nulls_last=True), "lot__received_on", "lot__pk")
    )


def expired_at(site: Site, commodity: Commodity, on: datetime.date) -> Decimal:
    """How much of the commodity the site holds that is past its expiry date on `on`."""
    expired = (
        StockBalance.objects.filter(site=site, lot__commodity=commodity, quantity__gt=0)
        .exclude(_good_on(on))
        .aggregate(total=Sum("quantity"))["total"]
    )
    return expired or ZERO


class FourEyes(AssistanceError):
    """The person who drew up the entitlements cannot approve them too."""

    status_code = 403


def in_unit(value: Decimal, commodity: Commodity) -> str:
    """A quantity in a refusal, written as the reader's language writes it, with its unit."""
    return quantity_text(value, commodity.base_unit)


def fraction_of_a_piece(quantity: Decimal, commodity: Commodity) -> str | None:
    """Why `quantity` cannot be handed over, when the commodity is counted in whole pieces
    (a tool kit, a jerrycan) and the quantity is not whole; None when it can."""
    if str(commodity.base_unit).strip().lower() not in PIECE_UNITS:
        return None
    if quantity == quantity.to_integral_value():
        return None
    return _("%(commodity)s is handed over in whole pieces; %(asked)s is not a whole number.") % {
        "commodity": commodity,
        "asked": in_unit(quantity, commodity),
    }


def _kg(value: Decimal) -> Decimal:
    return value.quantize(GRAM, rounding=ROUND_HALF_UP)


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
    inputs_indicator: Indicator | None = None,
    reporting_period: ReportingPeriod | None = None,
    is_illustrative: bool = False,
) -> Cycle:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for link, indicator in (
        ("people_indicator", people_indicator),
        ("kg_indicator", kg_indicator),
        ("inputs_indicator", inputs_indicator),
    ):
        if indicator is not None and indicator.result.project_id != project.pk:
            raise ValidationError({link: _("The indicator is of another project.")})
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
            "inputs_indicator": inputs_indicator,
            "reporting_period": reporting_period,
            "is_illustrative": is_illustrative,
        },
    )


class CycleFields(TypedDict, total=False):
    """What a planner may change on a cycle while it is being planned."""

    name: str
    name_translations: dict[str, str]
    period_start: datetime.date
    period_end: datetime.date
    ration_kind: str
    people_indicator: Indicator | None
    kg_indicator: Indicator | None
    inputs_indicator: Indicator | None
    reporting_period: ReportingPeriod | None


CYCLE_FIELDS = tuple(CycleFields.__annotations__)


@transaction.atomic
def cycle_update(*, actor: User | None, cycle: Cycle, **fields: Unpack[CycleFields]) -> Cycle:
    """Change a cycle still in planning: its name, period, ration kind or indicators."""
    cycle = _planning(cycle)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                "name": _("These cannot be changed: %(fields)s")
                % {"fields": ", ".join(sorted(unknown))}
            }
        )
    start = fields.get("period_start", cycle.period_start)
    end = fields.get("period_end", cycle.period_end)
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for name in ("people_indicator", "kg_indicator", "inputs_indicator"):
        indicator = fields.get(name)
        if isinstance(indicator, Indicator) and indicator.result.project_id != cycle.project_id:
            raise ValidationError({name: _("The indicator is of another project.")})
    period = fields.get("reporting_period")
    if isinstance(period, ReportingPeriod) and period.project_id != cycle.project_id:
        raise ValidationError({"reporting_period": _("The period is of another project.")})
    return update_audited(actor=actor, obj=cycle, values=dict(fields))


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
    return upsert_audited(
        actor=actor,
        model=RationLine,
        lookup={"cycle": cycle, "commodity": commodity},
        values={"quantity": quantity},
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
    value = value.strip()
    if field == RuleField.HOUSEHOLD_SIZE:
        try:
            size_rule_bounds(value)
        except ValueError as bad:
            raise ValidationError({"value": _("Give a household size as 5, 3-6 or 7+.")}) from bad
    if (
        field == RuleField.ADMIN_AREA
        and not AdminArea.objects.filter(country_id=cycle.country_id, p_code=value).exists()
    ):
        raise ValidationError(
            {
                "value": _("%(p_code)s is not a P-code of an administrative area of %(country)s.")
                % {"p_code": value, "country": cycle.country}
            }
        )
    if EligibilityRule.objects.filter(cycle=cycle, field=field, value=value).exists():
        raise ValidationError({"value": _("The cycle has this rule already.")})
    return create_audited(
        actor=actor,
        model=EligibilityRule,
        values={"cycle": cycle, "field": field, "value": value},
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
    """Draw the list from the rules and freeze it; confirmed duplicates are left out, and so
    is a household one of whose members is listed already, or a person whose household is
    (each would be served twice): the audit entry counts those left out. The ration comes
    first: it cannot change once the list is frozen."""
    cycle = _planning(cycle)
    if not cycle.ration_lines.exists():
        raise ValidationError(
            {"ration": _("Give the ration before freezing the beneficiary list.")}
        )
    listed = left_out = 0
    for candidate in candidates(cycle):
        if candidate.person is not None and candidate.person.status != Person.Status.ACTIVE:
            continue
        try:
            _household_overlap(cycle, candidate)
        except DuplicateBeneficiary:
            left_out += 1  # served through the household or the member listed already
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
        after={"status": cycle.status, "beneficiaries": listed, "left_out": left_out},
    )
    return cycle


def _household_overlap(cycle: Cycle, candidate: Candidate) -> None:
    """Refuse a person whose household is on the cycle's list, or a household one of whose
    members is: a household's ration and count stand for all its members, so the person would
    be served and counted twice. Refused on the input given (`person` or `household`)."""
    person, household = candidate.person, candidate.household
    refused: DuplicateBeneficiary | None = None
    if person is not None and person.household_id is not None:
        listed = Beneficiary.objects.filter(cycle=cycle, household_id=person.household_id).first()
        if listed is not None:
            refused = DuplicateBeneficiary(
                _("%(reference)s belongs to household %(household)s, already on this cycle.")
                % {"reference": candidate.reference, "household": listed.reference}
            )
            refused.field = "person"
    if household is not None:
        member = Beneficiary.objects.filter(cycle=cycle, person__household=household).first()
        if member is not None:
            refused = DuplicateBeneficiary(
                _("Household %(reference)s has a member already on this cycle: %(member)s.")
                % {"member": member.reference, "reference": candidate.reference}
            )
            refused.field = "household"
    if refused is not None:
        raise refused


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
    freeze); a confirmed duplicate of someone already listed is refused, and so is a person
    whose household is listed or a household one of whose members is."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if problem := cycle.change_problem():
        raise AssistanceError(problem)
    given = [thing for thing in (person, household, institution) if thing is not None]
    if len(given) != 1:
        raise ValidationError({"person": _("Give one person, household or institution.")})
    if person is not None:
        candidate = Candidate.for_person(person, cycle)
    elif household is not None:
        candidate = Candidate.for_household(household, cycle)
    elif institution is not None:
        candidate = Candidate.for_institution(institution, cycle.period_end)
    if candidate.country_id != cycle.country_id:
        raise ValidationError({"person": _("Not in the country of the cycle.")})
    _household_overlap(cycle, candidate)
    beneficiary = _list(cycle, candidate)
    audit_record(
        actor=actor,
        action="assistance.beneficiary.created",
        obj=beneficiary,
        after=snapshot(beneficiary, ("cycle", "kind", "reference", "people")),
    )
    return beneficiary

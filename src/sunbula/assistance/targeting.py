"""Eligibility rules as data: which registry records a cycle targets, and what each stands for.

The rules of a cycle are read on one field at a time: rules on the same field are
alternatives, rules on different fields must all hold. A ration per household (per month or
per person per day) targets households; a ration per resident targets institutions with a
verified headcount; an input basket targets farmers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from sunbula.assistance.models import Beneficiary, Cycle, RationKind, RuleField
from sunbula.registry.models import DisplacementStatus, Household, Institution, Person

# Registry displacement statuses in the results framework's groups.
DISPLACEMENT_GROUP = {
    DisplacementStatus.RESIDENT: "host",
    DisplacementStatus.HOST: "host",
    DisplacementStatus.IDP: "idp",
    DisplacementStatus.RETURNEE: "returnee",
    DisplacementStatus.REFUGEE: "refugee",
}


def age_group(birth_date: str, on: datetime.date) -> str:
    """children / adults / elderly from a birth year or date; blank when unknown."""
    if len(birth_date or "") < 4 or not birth_date[:4].isdigit():
        return ""
    age = on.year - int(birth_date[:4])
    if age < 18:
        return "children"
    return "adults" if age < 60 else "elderly"


@dataclass
class Candidate:
    """A record a cycle may list, with the people it stands for."""

    kind: str
    reference: str
    country_id: int
    person: Person | None = None
    household: Household | None = None
    institution: Institution | None = None
    admin_area_id: int | None = None
    displacement: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reference": self.reference[:200],
            "person": self.person,
            "household": self.household,
            "institution": self.institution,
            "admin_area_id": self.admin_area_id,
            "displacement": self.displacement,
            "people": self.counts.get("people", 0),
            "females": self.counts.get("females", 0),
            "males": self.counts.get("males", 0),
            "children": self.counts.get("children", 0),
            "adults": self.counts.get("adults", 0),
            "elderly": self.counts.get("elderly", 0),
        }

    @staticmethod
    def _count(people: list[Person], on: datetime.date) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for person in people:
            counts["people"] += 1
            if person.sex == Person.Sex.FEMALE:
                counts["females"] += 1
            elif person.sex == Person.Sex.MALE:
                counts["males"] += 1
            group = age_group(person.birth_date or "", on)
            if group:
                counts[group] += 1
        return dict(counts)

    @classmethod
    def for_person(cls, person: Person, cycle: Cycle) -> Candidate:
        farmer = hasattr(person, "farmer")
        return cls(
            kind=Beneficiary.Kind.FARMER if farmer else Beneficiary.Kind.PERSON,
            reference=person.external_id or f"P-{person.pk}",
            country_id=person.country_id,
            person=person,
            admin_area_id=person.admin_area_id,
            displacement=DISPLACEMENT_GROUP.get(person.displacement_status, ""),  # type: ignore[call-overload]
            counts=cls._count([person], cycle.period_start),
        )

    @classmethod
    def for_household(cls, household: Household, cycle: Cycle) -> Candidate:
        members = [
            member for member in household.members.all() if member.status == Person.Status.ACTIVE
        ]
        return cls(
            kind=Beneficiary.Kind.HOUSEHOLD,
            reference=household.reference,
            country_id=household.country_id,
            household=household,
            admin_area_id=household.admin_area_id,
            displacement=DISPLACEMENT_GROUP.get(household.displacement_status, ""),  # type: ignore[call-overload]
            counts=cls._count(members, cycle.period_start) or {"people": 1},
        )

    @classmethod
    def for_institution(
        cls, institution: Institution, on: datetime.date | None = None
    ) -> Candidate:
        """An institution stands for its verified headcount at `on` (the end of the cycle's
        period): the latest counted by then, or failing one the first counted after."""
        verified = institution.headcounts.exclude(verified_by="")
        headcount = (
            verified.filter(counted_on__lte=on).order_by("-counted_on").first()
            or verified.filter(counted_on__gt=on).order_by("counted_on").first()
            if on is not None
            else verified.order_by("-counted_on").first()
        )
        return cls(
            kind=Beneficiary.Kind.INSTITUTION,
            reference=institution.name,
            country_id=institution.country_id,
            institution=institution,
            admin_area_id=institution.site.admin_area_id if institution.site else None,
            counts={"people": headcount.headcount if headcount else 0},
        )


def _rules(cycle: Cycle, extra: tuple[str, str] | None = None) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = defaultdict(list)
    for rule in cycle.rules.all():
        by_field[rule.field].append(rule.value)
    if extra is not None:
        by_field[extra[0]].append(extra[1])
    return by_field


def _area_q(prefix: str, codes: list[str]) -> Q:
    return Q(**{f"{prefix}admin_area__p_code__in": codes}) | Q(
        **{f"{prefix}admin_area__parent__p_code__in": codes}
    )


def _with_vulnerability(target: QuerySet[Any], values: list[str]) -> QuerySet[Any]:
    """Records with any of `values` (JSON containment differs by database, so in Python)."""
    wanted = set(values)
    ids = [
        pk
        for pk, vulnerabilities in target.values_list("pk", "vulnerabilities")
        if wanted & set(vulnerabilities or [])
    ]
    return target.filter(pk__in=ids)


def size_range(value: str) -> tuple[int, int | None]:
    """A household-size rule's bounds: "5" is five, "3-6" three to six, "7+" seven or more."""
    text = value.replace(" ", "")
    try:
        if text.endswith("+"):
            return int(text[:-1]), None
        if "-" in text:
            low, high = text.split("-", 1)
            return int(low), int(high)
        return int(text), int(text)
    except ValueError as bad:
        raise ValueError(value) from bad


def size_rule_bounds(value: str) -> tuple[int, int | None]:
    """The bounds of a household-size rule a cycle may take: a ValueError for a value that is
    no size, or that selects no household ("6-3") or none with anyone to serve ("0", "0-0")."""
    low, high = size_range(value)
    if high is not None and (high < low or high < 1):
        raise ValueError(value)
    return low, high


def _with_size(target: QuerySet[Any], values: list[str]) -> QuerySet[Any]:
    """Households whose size (their active members: households carry no size of their own)
    falls in any of the ranges."""
    sized: QuerySet[Any] = target.annotate(
        size=Count("members", filter=Q(members__status=Person.Status.ACTIVE), distinct=True)
    )
    within = Q(pk__in=[])
    for value in values:
        low, high = size_range(value)
        within |= Q(size__gte=low) if high is None else Q(size__gte=low, size__lte=high)
    return sized.filter(within)


def eligible(cycle: Cycle, extra: tuple[str, str] | None = None) -> QuerySet[Any]:
    """The registry records the cycle's rules select (households, farmers or institutions),
    with `extra` as if it were one more rule (the preview of a rule before it is added)."""
    rules = _rules(cycle, extra)
    if cycle.ration_kind == RationKind.PER_RESIDENT_MONTH:
        institutions = Institution.objects.filter(
            country=cycle.country,
            status=Institution.Status.ACTIVE,
            headcounts__isnull=False,
        ).distinct()
        if RuleField.INSTITUTION_KIND in rules:
            institutions = institutions.filter(kind__in=rules[RuleField.INSTITUTION_KIND])
        if RuleField.ADMIN_AREA in rules:
            institutions = institutions.filter(_area_q("site__", rules[RuleField.ADMIN_AREA]))
        return institutions.select_related("site").order_by("name")
    if cycle.ration_kind == RationKind.FARMER_BASKET:
        people = Person.objects.filter(
            country=cycle.country, status=Person.Status.ACTIVE, farmer__isnull=False
        )
        if RuleField.FARMER_GROUP in rules:
            people = people.filter(farmer__group_name__in=rules[RuleField.FARMER_GROUP])
    else:
        people = None
    target: QuerySet[Any] = (
        people if people is not None else Household.objects.filter(country=cycle.country)
    )
    if RuleField.DISPLACEMENT in rules:
        target = target.filter(displacement_status__in=rules[RuleField.DISPLACEMENT])
    if RuleField.VULNERABILITY in rules:
        target = _with_vulnerability(target, rules[RuleField.VULNERABILITY])
    if RuleField.ADMIN_AREA in rules:
        target = target.filter(_area_q("", rules[RuleField.ADMIN_AREA]))
    if RuleField.HOUSEHOLD_SIZE in rules and people is None:
        target = _with_size(target, rules[RuleField.HOUSEHOLD_SIZE])
    if people is not None:
        return target.select_related("farmer").order_by("external_id", "pk")
    return target.prefetch_related("members").order_by("reference", "pk")


def candidates(cycle: Cycle) -> Iterator[Candidate]:
    for record in eligible(cycle).iterator(chunk_size=500):
        if isinstance(record, Institution):
            yield Candidate.for_institution(record, cycle.period_end)
        elif isinstance(record, Person):
            yield Candidate.for_person(record, cycle)
        else:
            yield Candidate.for_household(record, cycle)

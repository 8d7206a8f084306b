"""Every read of the money chain, scoped to the user's countries (a pledge's destination).

Coverage follows FTS: commitments (signed agreements) count toward a requirement, paid
contributions are the part of them received; pledges are listed but not counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.core.addresses import list_url, record_url
from sunbula.core.models import Country, Currency, Organisation
from sunbula.core.selectors import country_options, matching, where_given
from sunbula.funding.models import (
    CENT,
    Appeal,
    Commitment,
    Destination,
    DonorConference,
    FundingRequirement,
    Payment,
    Pledge,
)
from sunbula.funding.permissions import FundingPerm
from sunbula.partners.models import FocalPoint
from sunbula.programmes.models import Programme, Project

ZERO = Decimal(0)
# Totals start from cents so that every figure shows two decimals, whatever the database
# returns for a sum (SQLite drops the trailing zeros).
CENTS = Decimal("0.00")
MONEY = DecimalField(max_digits=18, decimal_places=2)


def _sum_of(
    queryset: QuerySet[Commitment] | QuerySet[Payment], group: str, column: str
) -> Coalesce:
    total = queryset.order_by().values(group).annotate(total=Sum(column)).values("total")[:1]
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_totals(pledges: QuerySet[Pledge], *, usd_only: bool = False) -> QuerySet[Pledge]:
    """Each pledge with what is committed and paid, in its currency and in USD (in USD only
    with `usd_only`: each sum is a subquery per pledge)."""
    commitments = Commitment.objects.filter(pledge=OuterRef("pk"))
    payments = Payment.objects.filter(commitment__pledge=OuterRef("pk"))
    pledges = pledges.annotate(
        committed_usd=_sum_of(commitments, "pledge", "amount_usd"),
        paid_usd=_sum_of(payments, "commitment__pledge", "amount_usd"),
    )
    if usd_only:
        return pledges
    return pledges.annotate(
        committed=_sum_of(commitments, "pledge", "amount"),
        paid=_sum_of(payments, "commitment__pledge", "amount"),
    )


def _visible_pledges(user: AnyUser) -> QuerySet[Pledge]:
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    return scope.filter(
        Pledge.objects.select_related(
            "donor", "currency", "country", "programme", "project", "conference", "focal_point"
        )
    )


DESTINATIONS = {
    Destination.PROJECT: Q(project__isnull=False),
    Destination.PROGRAMME: Q(project__isnull=True, programme__isnull=False),
    Destination.COUNTRY: Q(project__isnull=True, programme__isnull=True),
}


def pledge_list(
    *,
    user: AnyUser,
    conference: DonorConference | None = None,
    donor: Organisation | None = None,
    year: int | None = None,
    search: str = "",
    status: str = "",
    contribution_type: str = "",
    country: Country | None = None,
    project: Project | None = None,
    programme: Programme | None = None,
    destination: str = "",
) -> QuerySet[Pledge]:
    """The pledges the user sees, narrowed by what a reader gave; `destination` keeps those
    that go to a project, to a programme or to their country alone (`Destination`)."""
    pledges = _visible_pledges(user)
    pledges = where_given(
        pledges,
        conference=conference,
        donor=donor,
        status=status,
        contribution_type=contribution_type,
        country=country,
        project=project,
        programme=programme,
    )
    if destination:
        pledges = pledges.filter(DESTINATIONS[Destination(destination)])
    if year:
        pledges = pledges.filter(budget_year=year)
    pledges = matching(
        pledges, search, "donor__name__icontains", "reference__icontains", "commodity__icontains"
    )
    return with_totals(pledges).order_by("-pledged_on", "reference")


def commitment_list(*, user: AnyUser) -> QuerySet[Commitment]:
    """Commitments of the pledges the user may see."""
    pledges = pledge_list(user=user)
    return Commitment.objects.filter(pledge__in=pledges.values("pk")).order_by("pk")


def payment_list(*, user: AnyUser) -> QuerySet[Payment]:
    """Payments against the commitments of the pledges the user may see."""
    pledges = pledge_list(user=user)
    return Payment.objects.filter(commitment__pledge__in=pledges.values("pk")).order_by("pk")


def share_converted(pledge: Pledge) -> Decimal:
    """The committed share of a pledge, in per cent (a cancelled, empty pledge: 0)."""
    return _share(getattr(pledge, "committed", ZERO), pledge.amount)


def _share(committed: Decimal, amount: Decimal) -> Decimal:
    if not amount:
        return ZERO
    return (committed * 100 / amount).quantize(Decimal("0.1"), ROUND_HALF_EVEN)


@dataclass(frozen=True)
class PledgeChain:
    pledge: Pledge
    revisions: list[object]
    commitments: list[Commitment]
    committed: Decimal
    committed_usd: Decimal
    paid: Decimal
    paid_usd: Decimal
    outstanding: Decimal
    share_converted: Decimal
    # Of an in-kind pledge, in its unit: what the commitments give and the goods received.
    committed_quantity: Decimal = ZERO
    received_quantity: Decimal = ZERO


def pledge_chain(*, user: AnyUser, pledge: Pledge) -> PledgeChain:
    """A pledge (from core.access.fetch) with its history, commitments and payments, and
    what is committed and paid added up from them (in the pledge's currency and in USD)."""
    require_permission(user, FundingPerm.VIEW_FUNDING)
    commitments = list(
        pledge.commitments.select_related("agreement").prefetch_related(
            Prefetch("payments", queryset=Payment.objects.select_related("currency"))
        )
    )
    payments = [payment for commitment in commitments for payment in commitment.payments.all()]
    for commitment in commitments:
        commitment.pledge = pledge
        for payment in commitment.payments.all():
            payment.commitment = commitment
    committed = sum((commitment.amount for commitment in commitments), ZERO)
    return PledgeChain(
        pledge=pledge,
        revisions=list(pledge.revisions.order_by("number")),
        commitments=commitments,
        committed=committed,
        committed_usd=sum((commitment.amount_usd for commitment in commitments), ZERO),
        paid=sum((payment.amount for payment in payments), ZERO),
        paid_usd=sum((payment.amount_usd for payment in payments), ZERO),
        outstanding=pledge.amount - committed,
        share_converted=_share(committed, pledge.amount),
        committed_quantity=sum((commitment.quantity or ZERO for commitment in commitments), ZERO),
        received_quantity=sum((payment.quantity or ZERO for payment in payments), ZERO),
    )


# Conferences


def conference_list(
    *,
    user: AnyUser,
    search: str = "",
    country: Country | None = None,
    modality: str = "",
    year: int | None = None,
) -> QuerySet[DonorConference]:
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    conferences = scope.filter(
        DonorConference.objects.select_related("country", "appeal").prefetch_related("co_hosts")
    )
    conferences = matching(
        conferences, search, "title__icontains", "venue__icontains", "title_translations__icontains"
    )
    conferences = where_given(conferences, country=country, modality=modality)
    if year:
        conferences = conferences.filter(starts_on__year=year)
    return conferences.order_by("-starts_on", "pk")


# Appeals


def appeal_list(
    *, user: AnyUser, search: str = "", country: Country | None = None
) -> QuerySet[Appeal]:
    """Appeals for the user's countries, with how many requirements each groups."""
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    appeals = scope.filter(Appeal.objects.select_related("country"))
    appeals = matching(appeals, search, "code__icontains", "name__icontains")
    appeals = where_given(appeals, country=country)
    return appeals.annotate(requirement_count=Count("requirements")).order_by("code")


def conference_options(*, user: AnyUser) -> QuerySet[DonorConference]:
    return DonorConference.objects.visible_to(user, FundingPerm.VIEW_FUNDING).order_by(
        "-starts_on", "pk"
    )


def pledge_options(*, user: AnyUser) -> QuerySet[Pledge]:
    return Pledge.objects.visible_to(user, FundingPerm.VIEW_FUNDING).order_by("reference")


def appeal_options(*, user: AnyUser) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user, FundingPerm.VIEW_FUNDING).order_by("code")


def focal_point_options(*, user: AnyUser, donor: Organisation) -> QuerySet[FocalPoint]:
    """The donor's contacts, as recorded with its partnership."""
    require_permission(user, FundingPerm.VIEW_FUNDING)
    return FocalPoint.objects.filter(organisation=donor).order_by("title", "pk")


def programme_options(*, user: AnyUser, permission: str) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user, permission).order_by("code")


def project_options(*, user: AnyUser, permission: str) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user, permission)
        .select_related("recipient_country")
        .order_by("code")
    )


@dataclass
class Total:
    label: str
    pledged_usd: Decimal = CENTS
    committed_usd: Decimal = CENTS
    paid_usd: Decimal = CENTS
    pledges: int = 0
    url: str = ""  # where the pledges of the row are listed, where a page links it

    def add(self, pledge: Pledge) -> None:
        self.add_sums(
            1,
            pledge.amount_usd,
            getattr(pledge, "committed_usd", ZERO),
            getattr(pledge, "paid_usd", ZERO),
        )

    def add_sums(self, pledges: int, pledged: Decimal, committed: Decimal, paid: Decimal) -> None:
        self.pledged_usd += pledged or ZERO
        self.committed_usd += committed or ZERO
        self.paid_usd += paid or ZERO
        self.pledges += pledges


def destination_label(pledge: Pledge) -> str:
    if pledge.project is not None:
        return pledge.project.code
    if pledge.programme is not None:
        return pledge.programme.code
    return pledge.country.local_name


def totals_by(
    pledges: Iterable[Pledge],
    key: Callable[[Pledge], str],
    url: Callable[[Pledge], str] | None = None,
) -> list[Total]:
    """Pledged, committed and paid USD grouped by `key`, largest pledge total first; `url`
    gives where a group's pledges are listed, for a page that links it."""
    groups: dict[str, Total] = {}
    for pledge in pledges:
        label = key(pledge)
        groups.setdefault(label, Total(label=label, url=url(pledge) if url else "")).add(pledge)
    return sorted(groups.values(), key=lambda total: (-total.pledged_usd, total.label))


def destination_filters(
    project_id: int | None, programme_id: int | None, country_id: int
) -> dict[str, int | str]:
    """The pledge list's filters that keep the pledges of one destination: a project, a
    programme (no project of it), or a country alone."""
    if project_id is not None:
        return {"project": project_id}
    if programme_id is not None:
        return {"programme": programme_id, "destination": Destination.PROGRAMME}
    return {"country": country_id, "destination": Destination.COUNTRY}


def pledges_listed(**filters: int | str) -> str:
    """The pledge list's address narrowed by `filters`."""
    return list_url("funding:pledge_list", **filters)


def totals_by_conference(*, user: AnyUser, pledges: list[Pledge]) -> list[Total]:
    """A donor's pledges totalled by conference, each conference linked where the reader
    opens it."""
    opened = set(
        conference_options(user=user)
        .filter(pk__in={pledge.conference_id for pledge in pledges})
        .values_list("pk", flat=True)
    )
    return totals_by(
        pledges,
        lambda pledge: pledge.conference.local_title if pledge.conference else _("No conference"),
        lambda pledge: (
            record_url("funding:conference_detail", pledge.conference_id)
            if pledge.conference_id in opened
            else ""
        ),
    )


def announced_count(pledges: Iterable[Pledge]) -> int:
    """How many pledges stand announced: a multi-year pledge once, however many budget years
    it runs over; a cancelled one not at all (a year of it cancelled leaves the others)."""
    return len(
        {
            pledge.parent_id or pledge.pk
            for pledge in pledges
            if pledge.status == Pledge.Status.ACTIVE
        }
    )


@dataclass(frozen=True)
class ConferenceTotals:
    pledges: list[Pledge]
    by_donor: list[Total]
    by_destination: list[Total]
    pledged_usd: Decimal
    count: int  # the pledges announced (`announced_count`), not the budget years listed


def conference_totals(
    *, user: AnyUser, conference: DonorConference, announced_only: bool = False
) -> ConferenceTotals:
    """The running totals of a conference's pledges, by donor and by destination; with
    `announced_only`, of those still announced, as its public announcements show them."""
    status = Pledge.Status.ACTIVE if announced_only else ""
    pledges = list(pledge_list(user=user, conference=conference, status=status))
    return ConferenceTotals(
        pledges=pledges,
        by_donor=totals_by(
            pledges,
            lambda pledge: pledge.donor.local_name,
            lambda pledge: record_url("funding:donor_detail", pledge.donor_id),
        ),
        by_destination=totals_by(
            pledges,
            destination_label,
            lambda pledge: pledges_listed(
                conference=conference.pk,
                **destination_filters(pledge.project_id, pledge.programme_id, pledge.country_id),
            ),
        ),
        pledged_usd=sum((pledge.amount_usd for pledge in pledges), ZERO),
        count=announced_count(pledges),
    )


def published_announcements(*, conference_pk: int) -> ConferenceTotals | None:
    """The financial announcements of a conference whose organisers published them, for anyone.

    Nothing is returned for a conference that is not published: the caller asks for a login.
    A cancelled pledge is no longer announced: it is left out.
    """
    conference = DonorConference.objects.filter(pk=conference_pk, announcements_published=True)
    if not conference.exists():
        return None
    announced = Pledge.objects.filter(conference_id=conference_pk, status=Pledge.Status.ACTIVE)
    pledges = list(
        with_totals(
            announced.select_related("donor", "currency", "country", "programme", "project")
        ).order_by("donor__name", "reference")
    )
    return ConferenceTotals(
        pledges=pledges,
        by_donor=totals_by(pledges, lambda pledge: pledge.donor.local_name),
        by_destination=totals_by(pledges, destination_label),
        pledged_usd=sum((pledge.amount_usd for pledge in pledges), ZERO),
        count=announced_count(pledges),
    )


def published_conferences(*, limit: int = 10) -> list[DonorConference]:
    """Conferences whose organisers published the financial announcements, latest first."""
    return list(
        DonorConference.objects.filter(announcements_published=True).order_by("-starts_on", "pk")[
            :limit
        ]
    )


def public_conference(*, conference_pk: int) -> DonorConference | None:
    return (
        DonorConference.objects.filter(pk=conference_pk, announcements_published=True)
        .prefetch_related("co_hosts")
        .first()
    )


# Requirements, coverage and gap


@dataclass
class Coverage:
    requirement: FundingRequirement
    pledges: list[Pledge] = field(default_factory=list)
    pledged_usd: Decimal = CENTS
    committed_usd: Decimal = CENTS
    paid_usd: Decimal = CENTS

    @property
    def funded_usd(self) -> Decimal:
        """What counts toward the requirement: commitments, of which paid is a part."""
        return self.committed_usd

    @property
    def gap_usd(self) -> Decimal:
        required: Decimal = self.requirement.amount_usd
        return max(required - self.funded_usd, ZERO)

    @property
    def coverage_percent(self) -> Decimal:
        required: Decimal = self.requirement.amount_usd
        return (self.funded_usd * 100 / required).quantize(Decimal("0.1"), ROUND_HALF_EVEN)


def matches(requirement: FundingRequirement, pledge: Pledge) -> bool:
    """A pledge serves a requirement when its destination and budget year fall within it."""
    return (
        pledge.country_id == requirement.country_id
        and pledge.budget_year == requirement.year
        and requirement.programme_id in (None, pledge.programme_id)
        and requirement.project_id in (None, pledge.project_id)
    )


def requirement_coverage(
    *,
    user: AnyUser,
    year: int | None = None,
    country: Country | None = None,
    appeal: Appeal | None = None,
    search: str = "",
    with_pledges: bool = False,
) -> list[Coverage]:
    """Each requirement in the user's countries with its pledges, commitments, payments and gap.

    The pledges themselves are listed only `with_pledges`; the sums are the database's.
    """
    scope = require_permission(user, FundingPerm.VIEW_FUNDING)
    requirements = scope.filter(
        FundingRequirement.objects.select_related("country", "programme", "project", "appeal")
    )
    if year:
        requirements = requirements.filter(year=year)
    requirements = where_given(requirements, country=country, appeal=appeal)
    requirements = matching(
        requirements,
        search,
        "project__code__icontains",
        "programme__code__icontains",
        "country__name__icontains",
        "appeal__code__icontains",
    )
    rows = [Coverage(requirement=requirement) for requirement in requirements]
    pledges = _visible_pledges(user).filter(
        country__in={row.requirement.country_id for row in rows},
        budget_year__in={row.requirement.year for row in rows},
    )
    # The database sums the pledges, commitments and payments by destination and year; the
    # few groups are then matched to the requirements, not every pledge.
    destination = ("country_id", "budget_year", "programme_id", "project_id")
    columns = ("pledged_usd", "committed_usd", "paid_usd")
    pledged = pledges.order_by().values_list(*destination)
    committed = Commitment.objects.filter(pledge__in=pledges.values("pk")).values_list(
        *(f"pledge__{name}" for name in destination)
    )
    paid = Payment.objects.filter(commitment__pledge__in=pledges.values("pk")).values_list(
        *(f"commitment__pledge__{name}" for name in destination)
    )
    groups = [
        queryset.order_by().annotate(column=Value(index), total=Sum("amount_usd"))
        for index, queryset in enumerate((pledged, committed, paid))
    ]
    for country_id, year, programme_id, project_id, column, total in groups[0].union(
        *groups[1:], all=True
    ):
        group = Pledge(
            country_id=country_id,
            budget_year=year,
            programme_id=programme_id,
            project_id=project_id,
        )
        for row in rows:
            if matches(row.requirement, group):
                name = columns[column]
                setattr(row, name, getattr(row, name) + (total or ZERO))
    if with_pledges:
        listed = pledges.select_related(None).only(*destination, "reference")
        for pledge in listed:
            for row in rows:
                if matches(row.requirement, pledge):
                    row.pledges.append(pledge)
    return rows


# Dashboards


@dataclass(frozen=True)
class Overview:
    by_donor: list[Total]
    by_destination: list[Total]
    by_year: list[Total]


def _largest_first(groups: dict[str, Total]) -> list[Total]:
    return sorted(groups.values(), key=lambda total: (-total.pledged_usd, total.label))


def funding_overview(*, user: AnyUser) -> Overview:
    """The pledges in the user's countries totalled by donor, destination and year.

    The database sums them, by donor, destination and year at once; the few groups are then
    added up by label, so the page reads as many rows as there are groups, not pledges.
    """
    fields = (
        "donor__name",
        "donor__name_translations",
        "project__code",
        "programme__code",
        "country__name",
        "country__name_translations",
        "budget_year",
        "donor",
        "project",
        "programme",
        "country",
    )
    pledges = _visible_pledges(user)
    pledged = pledges.values_list(*fields)
    committed = Commitment.objects.filter(pledge__in=pledges.values("pk")).values_list(
        *(f"pledge__{name}" for name in fields)
    )
    paid = Payment.objects.filter(commitment__pledge__in=pledges.values("pk")).values_list(
        *(f"commitment__pledge__{name}" for name in fields)
    )
    parts = [
        queryset.order_by().annotate(
            column=Value(index), count=Count("pk"), total=Sum("amount_usd")
        )
        for index, queryset in enumerate((pledged, committed, paid))
    ]
    # Keyed by the names without their translations (a dictionary is no key).
    groups: dict[tuple[Any, ...], tuple[list[Any], list[Any]]] = {}
    for *label, column, count, total in parts[0].union(*parts[1:], all=True):
        key = tuple(value for value in label if not isinstance(value, dict))
        _, group = groups.setdefault(key, (label, [0, ZERO, ZERO, ZERO]))
        if column == 0:
            group[0] = count
        group[column + 1] = total
    by_donor: dict[str, Total] = {}
    by_destination: dict[str, Total] = {}
    by_year: dict[str, Total] = {}
    for (
        donor,
        donor_names,
        project,
        programme,
        country,
        country_names,
        year,
        donor_id,
        project_id,
        programme_id,
        country_id,
    ), sums in groups.values():
        destination = (
            project
            or programme
            or Country(name=country, name_translations=country_names).local_name
        )
        narrowed = destination_filters(project_id, programme_id, country_id)
        rows = (
            (
                by_donor,
                Organisation(name=donor, name_translations=donor_names).local_name,
                record_url("funding:donor_detail", donor_id),
            ),
            (by_destination, destination, pledges_listed(**narrowed)),
            (by_year, str(year), pledges_listed(year=year)),
        )
        # Keyed by where a row leads: two donors of one name stay two rows.
        for totals, label, url in rows:
            totals.setdefault(url, Total(label=label, url=url)).add_sums(*sums)
    return Overview(
        by_donor=_largest_first(by_donor),
        by_destination=_largest_first(by_destination),
        by_year=sorted(by_year.values(), key=lambda total: total.label),
    )


def ageing_pledges(
    *, user: AnyUser, today: datetime.date, older_than_days: int | None = None
) -> QuerySet[Pledge]:
    """Active pledges not fully committed after `older_than_days` (PLEDGE_AGEING_DAYS unless
    given), oldest first, each with what is still to commit (`outstanding`): the focal
    points' reminders."""
    days = settings.PLEDGE_AGEING_DAYS if older_than_days is None else older_than_days
    cutoff = today - datetime.timedelta(days=days)
    pledges = pledge_list(user=user).filter(
        Q(committed__lt=F("amount")), status=Pledge.Status.ACTIVE, pledged_on__lte=cutoff
    )
    outstanding = ExpressionWrapper(F("amount") - F("committed"), output_field=MONEY)
    return pledges.annotate(outstanding=outstanding).order_by("pledged_on", "reference")


def donor_pledges(*, user: AnyUser, donor: Organisation) -> list[Pledge]:
    """A donor's pledges across conferences, in the user's countries."""
    return list(pledge_list(user=user, donor=donor).order_by("pledged_on", "reference"))


# Exports


@dataclass(frozen=True)
class Flow:
    """One FTS flow: a pledge's uncommitted part, a commitment's unpaid part, or a payment."""

    reference: str
    status: str
    source_organisation: str
    destination_organisation: str
    destination_country: str
    destination_project: str
    original_amount: Decimal
    original_currency: str
    exchange_rate: Decimal
    amount_usd: Decimal
    contribution_type: str
    decision_date: datetime.date
    budget_year: int
    earmarking: str
    parent_reference: str


def _usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENT, ROUND_HALF_EVEN)


def fts_flows(*, user: AnyUser, conference: DonorConference | None = None) -> list[Flow]:
    """Every flow in the user's countries; each unit of money appears in one status only."""
    pledges = _visible_pledges(user).select_related("programme__reporting_organisation", "parent")
    pledges = where_given(pledges, conference=conference)
    pledges = pledges.prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.prefetch_related(
                Prefetch("payments", queryset=Payment.objects.select_related("currency"))
            ),
        )
    ).order_by("pledged_on", "reference")
    flows: list[Flow] = []
    for pledge in pledges:
        recipient = pledge.programme.reporting_organisation.name if pledge.programme else ""

        def flow(
            reference: str,
            status: str,
            amount: Decimal,
            rate: Decimal,
            usd: Decimal,
            on: datetime.date,
            pledge: Pledge = pledge,
            recipient: str = recipient,
        ) -> Flow:
            return Flow(
                reference=reference,
                status=status,
                source_organisation=pledge.donor.name,
                destination_organisation=recipient,
                destination_country=pledge.country.iso3,
                destination_project=pledge.project.code if pledge.project else "",
                original_amount=amount,
                original_currency=pledge.currency.code,
                exchange_rate=rate,
                amount_usd=usd,
                contribution_type=pledge.contribution_type,
                decision_date=on,
                budget_year=pledge.budget_year,
                earmarking=pledge.earmarking,
                parent_reference=pledge.parent.reference if pledge.parent else "",
            )

        committed = ZERO
        for number, commitment in enumerate(pledge.commitments.all(), start=1):
            committed += commitment.amount
            paid = ZERO
            for index, payment in enumerate(commitment.payments.all(), start=1):
                paid += payment.amount
                flows.append(
                    flow(
                        f"{pledge.reference}-C{number}-P{index}",
                        "paid",
                        payment.amount,
                        payment.units_per_usd,
                        payment.amount_usd,
                        payment.paid_on,
                    )
                )
            if commitment.amount > paid:
                rest = commitment.amount - paid
                flows.append(
                    flow(
                        f"{pledge.reference}-C{number}",
                        "commitment",
                        rest,
                        commitment.units_per_usd,
                        _usd(rest, commitment.units_per_usd),
                        commitment.committed_on,
                    )
                )
        if pledge.amount > committed:
            rest = pledge.amount - committed
            flows.append(
                flow(
                    pledge.reference,
                    "pledge",
                    rest,
                    pledge.units_per_usd,
                    _usd(rest, pledge.units_per_usd),
                    pledge.pledged_on,
                )
            )
    return flows


@dataclass(frozen=True)
class IatiTransaction:
    """A funding transaction of a project for its IATI activity (TransactionType 13, 11, 1)."""

    transaction_type: str
    date: datetime.date
    value: Decimal
    currency: str
    value_usd: Decimal
    provider_name: str
    provider_ref: str
    provider_type: str
    reference: str
    description: str


def iati_transactions_for_project(*, user: AnyUser, project: Project) -> list[IatiTransaction]:
    """Incoming pledges (13), commitments (11) and funds (1) of a project, oldest first.

    A pledge appears at its current revision; amounts are in their original currency with
    the value date of the transaction.
    """
    pledges = (
        _visible_pledges(user)
        .filter(project=project)
        .prefetch_related("commitments__payments__currency")
        .order_by("pledged_on", "reference")
    )
    rows: list[IatiTransaction] = []
    for pledge in pledges:
        donor = pledge.donor

        def row(
            kind: str,
            on: datetime.date,
            value: Decimal,
            usd: Decimal,
            reference: str,
            description: str,
            currency: str = pledge.currency.code,
            donor: Organisation = donor,
        ) -> IatiTransaction:
            return IatiTransaction(
                transaction_type=kind,
                date=on,
                value=value,
                currency=currency,
                value_usd=usd,
                provider_name=donor.name,
                provider_ref=donor.iati_identifier,
                provider_type=donor.iati_type,
                reference=reference,
                description=description,
            )

        rows.append(
            row(
                "13",
                pledge.pledged_on,
                pledge.amount,
                pledge.amount_usd,
                pledge.reference,
                "Incoming pledge",
            )
        )
        for number, commitment in enumerate(pledge.commitments.all(), start=1):
            rows.append(
                row(
                    "11",
                    commitment.committed_on,
                    commitment.amount,
                    commitment.amount_usd,
                    f"{pledge.reference}-C{number}",
                    "Incoming commitment",
                )
            )
            for index, payment in enumerate(commitment.payments.all(), start=1):
                rows.append(
                    row(
                        "1",
                        payment.paid_on,
                        payment.amount,
                        payment.amount_usd,
                        f"{pledge.reference}-C{number}-P{index}",
                        "Incoming funds",
                        currency=payment.currency.code,
                    )
                )
    return sorted(rows, key=lambda item: (item.date, item.transaction_type, item.reference))


# Choices for forms


def destination_countries(
    *, user: AnyUser, permission: str = FundingPerm.RECORD_PLEDGE
) -> QuerySet[Country]:
    return country_options(user=user, permission=permission).order_by("name")


def destination_projects(*, user: AnyUser) -> QuerySet[Project]:
    scope = scope_for(user, FundingPerm.RECORD_PLEDGE)
    return scope.filter(
        Project.objects.select_related("recipient_country"), country_field="recipient_country"
    ).order_by("code")


def donor_options(*, user: AnyUser) -> QuerySet[Organisation]:
    require_permission(user, FundingPerm.VIEW_FUNDING)
    return Organisation.objects.order_by("name")


def currency_options(*, user: AnyUser) -> QuerySet[Currency]:
    require_permission(user, FundingPerm.VIEW_FUNDING)
    return Currency.objects.order_by("code")


@dataclass(frozen=True)
class MoneyTotals:
    """Pledged, committed and paid in USD for some pledges. A cancelled pledge counts too: it
    shrank to what was committed when it was cancelled, and its commitments and payments
    stand, as on the funding overview and in the donor report."""

    pledges: int
    pledged_usd: Decimal
    committed_usd: Decimal
    paid_usd: Decimal


def money_totals(
    *,
    user: AnyUser,
    country_id: int | None = None,
    programme_id: int | None = None,
    project_id: int | None = None,
) -> MoneyTotals:
    """Three sums over the pledges, commitments and payments in the user's countries."""
    pledges = _visible_pledges(user)
    pledges = where_given(
        pledges, country_id=country_id, programme_id=programme_id, project_id=project_id
    )
    pledged = pledges.order_by().aggregate(count=Count("pk"), total=Sum("amount_usd"))
    committed = Commitment.objects.filter(pledge__in=pledges).aggregate(total=Sum("amount_usd"))
    paid = Payment.objects.filter(commitment__pledge__in=pledges).aggregate(total=Sum("amount_usd"))
    return MoneyTotals(
        pledges=pledged["count"],
        pledged_usd=pledged["total"] or ZERO,
        committed_usd=committed["total"] or ZERO,
        paid_usd=paid["total"] or ZERO,
    )


def money_totals_by_project(*, user: AnyUser, project_ids: Iterable[int]) -> dict[int, MoneyTotals]:
    """`money_totals` for each of some projects, in three queries however many they are."""
    ids = list(project_ids)
    pledges = _visible_pledges(user).filter(project_id__in=ids)
    pledged: dict[int, tuple[int, Decimal]] = {
        project_id: (count, total)
        for project_id, count, total in pledges.order_by()
        .values_list("project_id")
        .annotate(count=Count("pk"), total=Sum("amount_usd"))
    }
    committed = dict(
        Commitment.objects.filter(pledge__in=pledges)
        .order_by()
        .values_list("pledge__project_id")
        .annotate(total=Sum("amount_usd"))
    )
    paid = dict(
        Payment.objects.filter(commitment__pledge__in=pledges)
        .order_by()
        .values_list("commitment__pledge__project_id")
        .annotate(total=Sum("amount_usd"))
    )
    return {
        pk: MoneyTotals(
            pledges=pledged.get(pk, (0, ZERO))[0],
            pledged_usd=pledged.get(pk, (0, ZERO))[1],
            committed_usd=committed.get(pk) or ZERO,
            paid_usd=paid.get(pk) or ZERO,
        )
        for pk in ids
    }

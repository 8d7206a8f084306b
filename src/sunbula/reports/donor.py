"""The donor report's figures: per pledge, the money (pledged, revised, committed, paid or
given in kind), what its lots delivered, where and to how many people, what was lost and why,
and the indicators of the project it funds.

Everything is read through the domains' selectors as the reader, so the report shows what
the reader may see and nothing more; names are taken in the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

from sunbula.assistance import selectors as assistance_selectors
from sunbula.assistance.selectors import PledgesReach, SiteReach, Trace
from sunbula.core.access import AnyUser
from sunbula.core.models import Organisation
from sunbula.core.reasons import said
from sunbula.funding import selectors as funding_selectors
from sunbula.funding.commodities import commodity_name
from sunbula.funding.models import ContributionType, Pledge, PledgeRevision
from sunbula.programmes import selectors as programme_selectors
from sunbula.registry.models import DisplacementStatus
from sunbula.supply import selectors as supply_selectors
from sunbula.supply.selectors import LossLine, ReceivedLot, SiteStock

ZERO = Decimal(0)
Progress = Callable[[int], None]


def _silent(_percent: int) -> None:
    return None


@dataclass(frozen=True)
class Money:
    """An amount in its original currency and in US dollars."""

    amount: Decimal
    currency: str
    usd: Decimal


@dataclass(frozen=True)
class RevisionLine:
    number: int
    revised_on: datetime.date
    amount: Money
    reason: str


@dataclass(frozen=True)
class PaymentLine:
    paid_on: datetime.date
    amount: Money
    quantity: Decimal | None


@dataclass(frozen=True)
class CommitmentLine:
    committed_on: datetime.date
    agreement: str
    amount: Money
    payments: list[PaymentLine]


@dataclass(frozen=True)
class Delivery:
    """The pledge-to-plate trace of a pledge's lots, in kilograms and people."""

    received: Decimal
    dispatched: Decimal
    in_transit: Decimal
    delivered: Decimal
    distributed: Decimal
    in_stock: Decimal
    lost_in_transit: Decimal
    lost_in_store: Decimal
    lost: Decimal
    institution_kg: Decimal
    person_days: Decimal
    people: int
    females: int
    males: int
    sex_not_recorded: int
    children: int
    adults: int
    elderly: int
    by_displacement: list[tuple[str, int]]
    in_stock_by_site: list[SiteStock]

    @classmethod
    def of(cls, trace: Trace) -> Delivery:
        return cls(
            received=trace.received,
            dispatched=trace.dispatched,
            in_transit=trace.in_transit,
            delivered=trace.delivered,
            distributed=trace.distributed,
            in_stock=trace.in_stock,
            lost_in_transit=trace.lost_in_transit,
            lost_in_store=trace.lost_in_store,
            lost=trace.lost,
            institution_kg=trace.institution_kg,
            person_days=trace.person_days,
            people=trace.people,
            females=trace.females,
            males=trace.males,
            sex_not_recorded=trace.sex_not_recorded,
            children=trace.children,
            adults=trace.adults,
            elderly=trace.elderly,
            by_displacement=[
                (displacement_label(key), people)
                for key, people in sorted(trace.by_displacement.items())
            ],
            in_stock_by_site=list(trace.in_stock_by_site),
        )


@dataclass(frozen=True)
class IndicatorLine:
    result: str
    indicator: str
    unit: str
    period: str
    target: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True)
class LossCauseTotal:
    cause: str
    quantity: Decimal
    unit: str


@dataclass
class PledgeSection:
    """One pledge, from the announcement to the people it fed."""

    reference: str
    pledged_on: datetime.date
    budget_year: int
    status: str
    contribution_type: str
    is_in_kind: bool
    commodity: str
    quantity: Decimal | None
    unit: str
    destination: str
    project: str
    pledged: Money
    committed: Money
    paid: Money
    revisions: list[RevisionLine]
    commitments: list[CommitmentLine]
    lots: list[ReceivedLot]
    delivery: Delivery
    sites: list[SiteReach]
    losses: list[LossLine]
    indicators: list[IndicatorLine]

    @property
    def losses_by_cause(self) -> list[LossCauseTotal]:
        totals: dict[tuple[str, str], Decimal] = {}
        for loss in self.losses:
            key = (loss.cause or loss.reason, loss.unit)
            totals[key] = totals.get(key, ZERO) + loss.quantity
        return [
            LossCauseTotal(cause, quantity, unit)
            for (cause, unit), quantity in sorted(totals.items())
        ]


@dataclass
class DonorTotals:
    pledged_usd: Decimal = ZERO
    committed_usd: Decimal = ZERO
    paid_usd: Decimal = ZERO
    in_kind_usd: Decimal = ZERO
    received: Decimal = ZERO
    distributed: Decimal = ZERO
    in_stock: Decimal = ZERO
    lost: Decimal = ZERO
    person_days: Decimal = ZERO
    people: int = 0
    beneficiaries: int = 0


@dataclass
class DonorReport:
    donor: str
    pledge: str
    year: int | None
    data_as_of: datetime.datetime
    pledges: list[PledgeSection] = field(default_factory=list)
    totals: DonorTotals = field(default_factory=DonorTotals)


def displacement_label(key: str) -> str:
    if key in DisplacementStatus.values:
        return str(DisplacementStatus(key).label)
    return _("Not recorded")


def _money(amount: Decimal, currency: str, usd: Decimal) -> Money:
    return Money(amount=amount, currency=currency, usd=usd)


def _indicators(user: AnyUser, pledge: Pledge) -> list[IndicatorLine]:
    """The indicators of the project the pledge funds, with target and actual per period."""
    if pledge.project_id is None:
        return []
    project = programme_selectors.project_list(user=user).filter(pk=pledge.project_id).first()
    if project is None:
        return []
    lines = []
    for result_row in programme_selectors.results_framework(user=user, project=project):
        for indicator_row in result_row.indicators:
            indicator = indicator_row.indicator
            for period_row in indicator_row.periods:
                lines.append(
                    IndicatorLine(
                        result=result_row.result.local_title,
                        indicator=indicator.local_title,
                        unit=indicator.unit,
                        period=str(period_row.period),
                        target=period_row.target.value if period_row.target else None,
                        actual=period_row.total.value if period_row.total else None,
                    )
                )
    return lines


def pledge_section(*, user: AnyUser, pledge: Pledge) -> PledgeSection:
    """Everything the report says about one pledge the user may see."""
    chain = funding_selectors.pledge_chain(user=user, pledge=pledge)
    annotated = chain.pledge
    currency = annotated.currency.code
    commitments = [
        CommitmentLine(
            committed_on=commitment.committed_on,
            agreement=str(commitment.agreement) if commitment.agreement else "",
            amount=_money(commitment.amount, currency, commitment.amount_usd),
            payments=[
                PaymentLine(
                    paid_on=payment.paid_on,
                    amount=_money(payment.amount, payment.currency.code, payment.amount_usd),
                    quantity=payment.quantity,
                )
                for payment in commitment.payments.all()
            ],
        )
        for commitment in chain.commitments
    ]
    trace = assistance_selectors.pledge_trace(user=user, pledge_id=annotated.pk)
    project = annotated.project
    return PledgeSection(
        reference=annotated.reference,
        pledged_on=annotated.pledged_on,
        budget_year=annotated.budget_year,
        status=annotated.get_status_display(),
        contribution_type=annotated.get_contribution_type_display(),
        is_in_kind=annotated.contribution_type == ContributionType.IN_KIND,
        commodity=commodity_name(annotated.commodity),
        quantity=annotated.quantity,
        unit=annotated.unit,
        destination=annotated.country.local_name,
        project=f"{project.code} · {project.local_title}" if project else "",
        pledged=_money(annotated.amount, currency, annotated.amount_usd),
        committed=_money(chain.committed, currency, chain.committed_usd),
        paid=_money(chain.paid, currency, chain.paid_usd),
        revisions=[
            RevisionLine(
                number=revision.number,
                revised_on=revision.revised_on,
                amount=_money(revision.amount, currency, revision.amount_usd),
                reason=said(revision.reason),
            )
            for revision in cast(list[PledgeRevision], chain.revisions)
        ],
        commitments=commitments,
        lots=supply_selectors.pledge_lots_received(user=user, pledge_ids=[annotated.pk]),
        delivery=Delivery.of(trace),
        sites=assistance_selectors.pledges_reach(user=user, pledge_ids=[annotated.pk]).sites,
        losses=supply_selectors.pledge_losses(user=user, pledge_ids=[annotated.pk]),
        indicators=_indicators(user, annotated),
    )


def report_pledges(
    *, user: AnyUser, donor: Organisation, pledge: Pledge | None, year: int | None
) -> list[Pledge]:
    """The pledges a donor report covers: one, or the donor's pledges (of a budget year)."""
    pledges = funding_selectors.pledge_list(user=user, donor=donor, year=year)
    if pledge is not None:
        pledges = pledges.filter(pk=pledge.pk)
    return list(pledges.order_by("pledged_on", "reference"))


def donor_report(
    *,
    user: AnyUser,
    donor: Organisation,
    data_as_of: datetime.datetime,
    pledge: Pledge | None = None,
    year: int | None = None,
    progress: Progress = _silent,
) -> DonorReport:
    """The donor report as `user` may see it; `progress` hears the share done (0 to 80)."""
    report = DonorReport(
        donor=donor.local_name,
        pledge=pledge.reference if pledge else "",
        year=year,
        data_as_of=data_as_of,
    )
    pledges = report_pledges(user=user, donor=donor, pledge=pledge, year=year)
    for number, each in enumerate(pledges, start=1):
        section = pledge_section(user=user, pledge=each)
        report.pledges.append(section)
        totals = report.totals
        totals.pledged_usd += section.pledged.usd
        totals.committed_usd += section.committed.usd
        if section.is_in_kind:
            totals.in_kind_usd += section.paid.usd
        else:
            totals.paid_usd += section.paid.usd
        totals.received += section.delivery.received
        totals.distributed += section.delivery.distributed
        totals.in_stock += section.delivery.in_stock
        totals.lost += section.delivery.lost
        totals.person_days += section.delivery.person_days
        progress(10 + 70 * number // len(pledges))
    reached: PledgesReach = assistance_selectors.pledges_reach(
        user=user, pledge_ids=[each.pk for each in pledges]
    )
    report.totals.people = reached.people
    report.totals.beneficiaries = reached.beneficiaries
    return report

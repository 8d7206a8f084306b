"""Pledges: recorded at the rate of their day, revised, corrected and cancelled.

Each service locks the pledge row before it compares the totals, so two clerks cannot
overshoot it together.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sunbula.core.audit import (
    audit_record,
    given_fields,
    snapshot,
    update_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import money
from sunbula.core.figures import quantity as quantity_figure
from sunbula.core.models import Country, Currency, Organisation, User
from sunbula.funding.models import (
    CENT,
    ContributionType,
    DonorConference,
    Earmarking,
    Payment,
    Pledge,
    PledgeRevision,
)
from sunbula.funding.services._amounts import (
    _committed,
    _locked,
    _new_reference,
    _not_in_future,
    _quantity_of,
    _rate,
    _require_positive,
    _split,
    _usd,
)
from sunbula.partners.models import FocalPoint
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import ParticipatingOrganisation, Programme, Project

# Who pledged how much, when and where; then what the pledge gives and what it is for.
# The audit entry and the API answer list them in this order.
PLEDGE_AMOUNT_FIELDS = (
    "reference",
    "conference",
    "donor",
    "focal_point",
    "pledged_on",
    "currency",
    "amount",
    "units_per_usd",
    "amount_usd",
)
PLEDGE_PURPOSE_FIELDS = (
    "contribution_type",
    "commodity",
    "quantity",
    "unit",
    "earmarking",
    "country",
    "programme",
    "project",
    "sector",
    "budget_year",
    "parent",
    "status",
)
PLEDGE_FIELDS = (*PLEDGE_AMOUNT_FIELDS, *PLEDGE_PURPOSE_FIELDS, "is_illustrative")


IN_KIND_FIELDS = ("commodity", "quantity", "unit")


def _nothing_in_kind(values: dict[str, object]) -> None:
    """Refuse what only goods have (a commodity, a quantity, a unit) on a financial pledge:
    kept, it would be counted as goods though the pledge shows as cash."""
    given = [name for name in IN_KIND_FIELDS if values.get(name) not in (None, "")]
    if given:
        message = _("Only an in-kind pledge names a commodity, quantity and unit.")
        raise ValidationError(dict.fromkeys(given, message))


class PledgeClosed(DomainError):
    """A cancelled pledge takes no new commitment or revision."""

    status_code = 409


@transaction.atomic
def pledge_record(
    *,
    actor: User | None,
    donor: Organisation,
    pledged_on: datetime.date,
    currency: Currency,
    amount: Decimal,
    country: Country,
    budget_year: int | None = None,
    last_year: int | None = None,
    conference: DonorConference | None = None,
    focal_point: FocalPoint | None = None,
    contribution_type: str = ContributionType.FINANCIAL,
    commodity: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
    earmarking: str = Earmarking.EARMARKED,
    programme: Programme | None = None,
    project: Project | None = None,
    sector: str = "",
    reference: str = "",
    is_illustrative: bool = False,
) -> Pledge:
    """Record a pledge at the rate in force on its day; a multi-year pledge gives one per year,
    from `budget_year` (the year pledged when not given) to `last_year`.

    Returns the first year's pledge; the later years point to it as their parent.
    """
    _require_positive(amount)
    _not_in_future(pledged_on, "pledged_on")
    budget_year = budget_year or pledged_on.year
    last_year = last_year or budget_year
    if last_year < budget_year:
        raise ValidationError({"last_year": _("The last year comes before the first.")})
    if project is not None:
        if project.recipient_country_id != country.pk:
            raise ValidationError({"project": _("This project is not in the destination country.")})
        if programme is not None and programme.pk != project.programme_id:
            raise ValidationError({"programme": _("The project belongs to another programme.")})
        programme = project.programme
    if contribution_type == ContributionType.IN_KIND and not (commodity and quantity and unit):
        raise ValidationError(
            {"commodity": _("An in-kind pledge names its commodity, quantity and unit.")}
        )
    if contribution_type != ContributionType.IN_KIND:
        _nothing_in_kind({"commodity": commodity, "quantity": quantity, "unit": unit})
    units_per_usd = _rate(currency, pledged_on, "pledged_on")
    years = list(range(budget_year, last_year + 1))
    amounts = _split(amount, len(years), CENT)
    quantities = _split(quantity, len(years), Decimal("0.001")) if quantity else [None] * len(years)
    reference = reference or _new_reference()
    first: Pledge | None = None
    for index, (year, part, part_quantity) in enumerate(
        zip(years, amounts, quantities, strict=True)
    ):
        pledge = Pledge(
            reference=reference if index == 0 else f"{reference}-{year}",
            conference=conference,
            donor=donor,
            focal_point=focal_point,
            pledged_on=pledged_on,
            currency=currency,
            amount=part,
            units_per_usd=units_per_usd,
            amount_usd=_usd(part, units_per_usd),
            contribution_type=contribution_type,
            commodity=commodity,
            quantity=part_quantity,
            unit=unit,
            earmarking=earmarking,
            country=country,
            programme=programme,
            project=project,
            sector=sector,
            budget_year=year,
            parent=first,
            is_illustrative=is_illustrative,
        )
        pledge.full_clean()
        pledge.save()
        PledgeRevision.objects.create(
            pledge=pledge,
            number=1,
            revised_on=pledged_on,
            amount=pledge.amount,
            amount_usd=pledge.amount_usd,
        )
        audit_record(
            actor=actor,
            action="funding.pledge.recorded",
            obj=pledge,
            after=snapshot(pledge, PLEDGE_FIELDS),
        )
        first = first or pledge
    assert first is not None  # noqa: S101 — range(budget_year, last_year + 1) is not empty
    if project is not None:
        _among_the_funders(actor, project, donor)
    return first


def _among_the_funders(actor: User | None, project: Project, donor: Organisation) -> None:
    """A donor that pledges to a project is one of its funding organisations (IATI's
    participating organisation, role 1): the IATI export names it, and its focal point reads
    the project. One named there already keeps its share."""
    funding = ParticipatingOrganisation.IatiRole.FUNDING
    if not project.participants.filter(organisation=donor, role=funding).exists():
        programme_services.participant_add(
            actor=actor, project=project, organisation=donor, role=funding
        )


def _revise(
    *,
    actor: User | None,
    pledge: Pledge,
    amount: Decimal,
    revised_on: datetime.date,
    reason: str,
    action: str,
    status: str,
) -> Pledge:
    before = snapshot(pledge, ("amount", "amount_usd", "status"))
    number = pledge.revisions.count() + 1
    pledge.amount = amount.quantize(CENT)
    pledge.amount_usd = _usd(amount, pledge.units_per_usd)
    pledge.status = status
    pledge.full_clean()
    pledge.save()
    PledgeRevision.objects.create(
        pledge=pledge,
        number=number,
        revised_on=revised_on,
        amount=pledge.amount,
        amount_usd=pledge.amount_usd,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=pledge,
        before=before,
        after={**snapshot(pledge, ("amount", "amount_usd", "status")), "revision": number},
    )
    return pledge


@transaction.atomic
def pledge_revise(
    *,
    actor: User | None,
    pledge: Pledge,
    amount: Decimal,
    revised_on: datetime.date,
    reason: str = "",
) -> Pledge:
    """Replace the pledged amount (never add to it); the earlier amount stays in the history."""
    pledge = _locked(pledge)
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeClosed(_("This pledge was cancelled; record a new one instead."))
    _require_positive(amount)
    _not_in_future(revised_on, "revised_on")
    if revised_on < pledge.pledged_on:
        raise ValidationError({"revised_on": _("A revision cannot come before the pledge.")})
    committed = _committed(pledge)
    if amount < committed:
        raise ValidationError(
            {
                "amount": _("%(committed)s are already committed; pledge at least that.")
                % {"committed": money(committed, pledge.currency, html=False)}
            }
        )
    return _revise(
        actor=actor,
        pledge=pledge,
        amount=amount,
        revised_on=revised_on,
        reason=reason,
        action="funding.pledge.revised",
        status=Pledge.Status.ACTIVE,
    )


@transaction.atomic
def pledge_cancel(
    *, actor: User | None, pledge: Pledge, cancelled_on: datetime.date, reason: str = ""
) -> Pledge:
    """Withdraw what was not committed: the pledge shrinks to its commitments and closes."""
    pledge = _locked(pledge)
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeClosed(_("This pledge is already cancelled."))
    _not_in_future(cancelled_on, "cancelled_on")
    if cancelled_on < pledge.pledged_on:
        raise ValidationError({"cancelled_on": _("A cancellation cannot come before the pledge.")})
    return _revise(
        actor=actor,
        pledge=pledge,
        amount=_committed(pledge),
        revised_on=cancelled_on,
        reason=reason or gettext_noop("Cancelled"),
        action="funding.pledge.cancelled",
        status=Pledge.Status.CANCELLED,
    )


class PledgeFields(TypedDict, total=False):
    """What `pledge_update` corrects: who to speak to, and what an in-kind pledge gives.

    The amount changes only by revision (`pledge_revise`), so its history stays."""

    focal_point: FocalPoint | None
    commodity: str
    quantity: Decimal | None
    unit: str
    earmarking: str
    sector: str


PLEDGE_EDIT_FIELDS = tuple(PledgeFields.__annotations__)


@transaction.atomic
def pledge_update(*, actor: User | None, pledge: Pledge, **fields: Unpack[PledgeFields]) -> Pledge:
    """Correct a pledge: its focal point (a contact of the donor) or the commodity, quantity
    and unit of an in-kind pledge, e.g. one whose free-text commodity matched nothing."""
    values = given_fields("pledge_update", fields, PLEDGE_EDIT_FIELDS)
    pledge = _locked(pledge)
    focal_point = values.get("focal_point")
    if focal_point is not None and focal_point.organisation_id != pledge.donor_id:
        raise ValidationError({"focal_point": _("This contact does not work for the donor.")})
    for name in ("commodity", "unit"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if pledge.is_in_kind:
        merged = {name: values.get(name, getattr(pledge, name)) for name in ("commodity", "unit")}
        quantity = values.get("quantity", pledge.quantity)
        if not (merged["commodity"] and merged["unit"] and quantity):
            raise ValidationError(
                {"commodity": _("An in-kind pledge names its commodity, quantity and unit.")}
            )
        committed = _quantity_of(pledge.commitments.all())
        if quantity < committed:
            raise ValidationError(
                {
                    "quantity": _("%(committed)s are already committed; pledge at least that.")
                    % {"committed": quantity_figure(committed, merged["unit"], html=False)}
                }
            )
        # A commitment need not give a quantity, so the goods received are held apart.
        received = _quantity_of(Payment.objects.filter(commitment__pledge=pledge))
        if quantity < received:
            raise ValidationError(
                {
                    "quantity": _("%(received)s were already received; pledge at least that.")
                    % {"received": quantity_figure(received, merged["unit"], html=False)}
                }
            )
    else:
        _nothing_in_kind(values)
    return update_audited(actor=actor, obj=pledge, values=values)

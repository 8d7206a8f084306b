"""Every write to appeals, conferences, pledges, commitments and payments: atomic and audited.

The money chain keeps paid ≤ committed ≤ pledged for every pledge: each service locks the
pledge row before it compares the totals, so two clerks cannot overshoot it together.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Sum
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    snapshot,
    update_audited,
)
from sunbula.core.errors import DomainError, RateMissing
from sunbula.core.models import Country, Currency, Organisation, User
from sunbula.core.money import rate_in_force
from sunbula.core.notifications import mail_after_commit
from sunbula.funding.models import (
    CENT,
    Appeal,
    Commitment,
    ContributionType,
    DonorConference,
    Earmarking,
    FundingRequirement,
    Payment,
    Pledge,
    PledgeReminder,
    PledgeRevision,
)
from sunbula.partners.models import Agreement, FocalPoint
from sunbula.programmes.models import Programme, Project

PLEDGE_FIELDS = (
    "reference",
    "conference",
    "donor",
    "focal_point",
    "pledged_on",
    "currency",
    "amount",
    "units_per_usd",
    "amount_usd",
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
    "is_illustrative",
)


class PledgeClosed(DomainError):
    """A cancelled pledge takes no new commitment or revision."""

    status_code = 409


def _usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    return (amount / units_per_usd).quantize(CENT, ROUND_HALF_EVEN)


def _rate(currency: Currency, on: datetime.date, field: str) -> Decimal:
    """Units per USD in force on `on`; a missing rate is an error on the date field."""
    if currency.code == "USD":
        return Decimal(1)
    try:
        return rate_in_force(currency=currency, on=on).units_per_usd
    except RateMissing as missing:
        raise ValidationError({field: str(missing)}) from missing


def _require_positive(amount: Decimal, field: str = "amount") -> None:
    if amount <= 0:
        raise ValidationError({field: _("Give an amount greater than zero.")})


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _committed(pledge: Pledge) -> Decimal:
    total = pledge.commitments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def _paid(commitment: Commitment) -> Decimal:
    total = commitment.payments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def _split(total: Decimal, parts: int, step: Decimal) -> list[Decimal]:
    """`total` in `parts` equal shares of `step`; the last share takes the remainder."""
    share = (total / parts).quantize(step, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _new_reference() -> str:
    return f"SUN-PL-{secrets.token_hex(4).upper()}"


# Appeals, requirements and conferences


@transaction.atomic
def appeal_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    country: Country,
    name_translations: dict[str, str] | None = None,
    is_illustrative: bool = False,
) -> Appeal:
    return create_audited(
        actor=actor,
        model=Appeal,
        values={
            "code": code,
            "name": name,
            "name_translations": name_translations,
            "country": country,
            "is_illustrative": is_illustrative,
        },
    )


class AppealFields(TypedDict, total=False):
    """What `appeal_update` takes."""

    code: str
    name: str
    name_translations: dict[str, str]
    country: Country
    is_illustrative: bool


APPEAL_FIELDS = tuple(AppealFields.__annotations__)


@transaction.atomic
def appeal_update(*, actor: User | None, appeal: Appeal, **fields: Unpack[AppealFields]) -> Appeal:
    """Change the fields given; the others keep their values."""
    values = given_fields("appeal_update", fields, APPEAL_FIELDS)
    moved = "country" in values and values["country"].pk != appeal.country_id
    if moved and appeal.requirements.exclude(country=values["country"]).exists():
        raise ValidationError(
            {"country": _("Requirements in another country belong to this appeal.")}
        )
    return update_audited(actor=actor, obj=appeal, values=values)


@transaction.atomic
def requirement_create(
    *,
    actor: User | None,
    country: Country,
    year: int,
    amount_usd: Decimal,
    appeal: Appeal | None = None,
    programme: Programme | None = None,
    project: Project | None = None,
    is_illustrative: bool = False,
) -> FundingRequirement:
    """What a country (or one of its projects) needs in a year; a project brings its programme."""
    values: dict[str, object] = {
        "appeal": appeal,
        "country": country,
        "programme": programme,
        "project": project,
        "year": year,
        "amount_usd": amount_usd,
        "is_illustrative": is_illustrative,
    }
    return create_audited(actor=actor, model=FundingRequirement, values=_check_requirement(values))


class RequirementFields(TypedDict, total=False):
    """What `requirement_update` takes."""

    appeal: Appeal | None
    country: Country
    programme: Programme | None
    project: Project | None
    year: int
    amount_usd: Decimal
    is_illustrative: bool


REQUIREMENT_FIELDS = tuple(RequirementFields.__annotations__)


def _check_requirement(
    values: dict[str, object], requirement: FundingRequirement | None = None
) -> dict[str, object]:
    """A project in the requirement's country brings its programme; an appeal is the country's."""
    country = values.get("country", requirement.country if requirement else None)
    project = values.get("project", requirement.project if requirement else None)
    appeal = values.get("appeal", requirement.appeal if requirement else None)
    assert isinstance(country, Country)  # noqa: S101 — a requirement always has a country
    if isinstance(project, Project):
        if project.recipient_country_id != country.pk:
            raise ValidationError({"project": _("This project is not in the country.")})
        programme = values.get("programme", requirement.programme if requirement else None)
        if isinstance(programme, Programme) and programme.pk != project.programme_id:
            raise ValidationError({"programme": _("The project belongs to another programme.")})
        values["programme"] = project.programme
    if isinstance(appeal, Appeal) and appeal.country_id != country.pk:
        raise ValidationError({"appeal": _("This appeal is for another country.")})
    return values


@transaction.atomic
def requirement_update(
    *,
    actor: User | None,
    requirement: FundingRequirement,
    **fields: Unpack[RequirementFields],
) -> FundingRequirement:
    """Change the fields given; the others keep their values."""
    values = given_fields("requirement_update", fields, REQUIREMENT_FIELDS)
    return update_audited(
        actor=actor, obj=requirement, values=_check_requirement(values, requirement)
    )


class ConferenceFields(TypedDict, total=False):
    """What `conference_update` takes."""

    title: str
    title_translations: dict[str, str]
    country: Country
    appeal: Appeal | None
    starts_on: datetime.date
    ends_on: datetime.date
    modality: str
    venue: str
    announcements_published: bool
    is_illustrative: bool


CONFERENCE_FIELDS = tuple(ConferenceFields.__annotations__)


@transaction.atomic
def conference_create(
    *,
    actor: User | None,
    title: str,
    country: Country,
    starts_on: datetime.date,
    ends_on: datetime.date,
    modality: str,
    title_translations: dict[str, str] | None = None,
    appeal: Appeal | None = None,
    venue: str = "",
    co_hosts: Iterable[Organisation] = (),
    announcements_published: bool = False,
    is_illustrative: bool = False,
) -> DonorConference:
    conference = DonorConference(
        title=title,
        title_translations=title_translations or {},
        country=country,
        appeal=appeal,
        starts_on=starts_on,
        ends_on=ends_on,
        modality=modality,
        venue=venue,
        announcements_published=announcements_published,
        is_illustrative=is_illustrative,
    )
    conference.full_clean()
    conference.save()
    conference.co_hosts.set(list(co_hosts))
    audit_record(
        actor=actor,
        action="funding.donorconference.created",
        obj=conference,
        after=snapshot(conference, [*CONFERENCE_FIELDS, "co_hosts"]),
    )
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: User | None,
    conference: DonorConference,
    co_hosts: Iterable[Organisation] | None = None,
    **fields: Unpack[ConferenceFields],
) -> DonorConference:
    """Change the fields given (and the co-hosts, if given); the others keep their values."""
    values = given_fields("conference_update", fields, CONFERENCE_FIELDS)
    conference = update_audited(actor=actor, obj=conference, values=values)
    if co_hosts is not None:
        before = sorted(conference.co_hosts.values_list("pk", flat=True))
        wanted = sorted({host.pk for host in co_hosts})
        if wanted != before:
            conference.co_hosts.set(wanted)
            audit_record(
                actor=actor,
                action="funding.donorconference.updated",
                obj=conference,
                before={"co_hosts": before},
                after={"co_hosts": wanted},
            )
    return conference


def conference_publish_announcements(
    *, actor: User | None, conference: DonorConference, published: bool
) -> DonorConference:
    """Open (or close) the public financial announcements page of a conference."""
    return conference_update(actor=actor, conference=conference, announcements_published=published)


# Pledges


@transaction.atomic
def pledge_record(
    *,
    actor: User | None,
    donor: Organisation,
    pledged_on: datetime.date,
    currency: Currency,
    amount: Decimal,
    country: Country,
    budget_year: int,
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
    """Record a pledge at the rate in force on its day; a multi-year pledge gives one per year.

    Returns the first year's pledge; the later years point to it as their parent.
    """
    _require_positive(amount)
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
    return first


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
    if revised_on < pledge.pledged_on:
        raise ValidationError({"revised_on": _("A revision cannot come before the pledge.")})
    committed = _committed(pledge)
    if amount < committed:
        raise ValidationError(
            {
                "amount": _(
                    "%(committed)s %(currency)s are already committed; pledge at least that."
                )
                % {"committed": committed, "currency": pledge.currency.code}
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
    if cancelled_on < pledge.pledged_on:
        raise ValidationError({"cancelled_on": _("A cancellation cannot come before the pledge.")})
    return _revise(
        actor=actor,
        pledge=pledge,
        amount=_committed(pledge),
        revised_on=cancelled_on,
        reason=reason or _("Cancelled"),
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
    elif any(values.get(name) for name in ("commodity", "quantity", "unit")):
        raise ValidationError({"commodity": _("Only an in-kind pledge names a commodity.")})
    return update_audited(actor=actor, obj=pledge, values=values)


# Commitments and payments


@transaction.atomic
def commitment_record(
    *,
    actor: User | None,
    pledge: Pledge,
    committed_on: datetime.date,
    amount: Decimal,
    agreement: Agreement | None = None,
    quantity: Decimal | None = None,
) -> Commitment:
    """Formalise part of a pledge; together its commitments never exceed it."""
    pledge = _locked(pledge)
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeClosed(_("This pledge was cancelled; it takes no new commitment."))
    _require_positive(amount)
    if committed_on < pledge.pledged_on:
        raise ValidationError(
            {
                "committed_on": _("A commitment cannot be dated before its pledge (%(date)s).")
                % {"date": pledge.pledged_on.isoformat()}
            }
        )
    outstanding = pledge.amount - _committed(pledge)
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": _("Only %(left)s %(currency)s of the pledge are left to commit.")
                % {"left": outstanding, "currency": pledge.currency.code}
            }
        )
    units_per_usd = _rate(pledge.currency, committed_on, "committed_on")
    commitment = create_audited(
        actor=actor,
        model=Commitment,
        values={
            "pledge": pledge,
            "agreement": agreement,
            "committed_on": committed_on,
            "amount": amount,
            "units_per_usd": units_per_usd,
            "amount_usd": _usd(amount, units_per_usd),
            "quantity": quantity,
        },
    )
    return commitment


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    commitment: Commitment,
    paid_on: datetime.date,
    amount: Decimal,
    currency: Currency,
    quantity: Decimal | None = None,
) -> Payment:
    """Receive part of a commitment at the rate of the day; never more than committed."""
    pledge = _locked(commitment.pledge)
    if currency.pk != pledge.currency_id:
        raise ValidationError(
            {
                "currency": _("Record the payment in the pledge's currency, %(currency)s.")
                % {"currency": pledge.currency.code}
            }
        )
    _require_positive(amount)
    if paid_on < pledge.pledged_on:
        raise ValidationError(
            {
                "paid_on": _("A payment cannot be dated before its pledge (%(date)s).")
                % {"date": pledge.pledged_on.isoformat()}
            }
        )
    unpaid = commitment.amount - _paid(commitment)
    if amount > unpaid:
        raise ValidationError(
            {
                "amount": _("Only %(left)s %(currency)s of this commitment are unpaid.")
                % {"left": unpaid, "currency": pledge.currency.code}
            }
        )
    units_per_usd = _rate(currency, paid_on, "paid_on")
    return create_audited(
        actor=actor,
        model=Payment,
        values={
            "commitment": commitment,
            "paid_on": paid_on,
            "currency": currency,
            "amount": amount,
            "units_per_usd": units_per_usd,
            "amount_usd": _usd(amount, units_per_usd),
            "quantity": quantity,
        },
    )


class PaymentFields(TypedDict, total=False):
    """What `payment_update` corrects."""

    paid_on: datetime.date
    amount: Decimal
    quantity: Decimal | None


PAYMENT_FIELDS = tuple(PaymentFields.__annotations__)


class PaymentInUse(DomainError):
    """Goods were received against the payment: it stays, and its stock with it."""

    status_code = 409


@transaction.atomic
def payment_update(
    *, actor: User | None, payment: Payment, **fields: Unpack[PaymentFields]
) -> Payment:
    """Correct a payment's date, amount or quantity; its rate follows its date, and together
    the commitment's payments stay within it."""
    values = given_fields("payment_update", fields, PAYMENT_FIELDS)
    pledge = _locked(payment.commitment.pledge)
    payment = Payment.objects.select_for_update().select_related("currency").get(pk=payment.pk)
    paid_on = values.get("paid_on", payment.paid_on)
    amount = values.get("amount", payment.amount)
    _require_positive(amount)
    if paid_on < pledge.pledged_on:
        raise ValidationError(
            {
                "paid_on": _("A payment cannot be dated before its pledge (%(date)s).")
                % {"date": pledge.pledged_on.isoformat()}
            }
        )
    others = payment.commitment.payments.exclude(pk=payment.pk).aggregate(total=Sum("amount"))
    unpaid = payment.commitment.amount - (others["total"] or Decimal(0))
    if amount > unpaid:
        raise ValidationError(
            {
                "amount": _("Only %(left)s %(currency)s of this commitment are unpaid.")
                % {"left": unpaid, "currency": pledge.currency.code}
            }
        )
    units_per_usd = _rate(payment.currency, paid_on, "paid_on")
    values.update(units_per_usd=units_per_usd, amount_usd=_usd(amount, units_per_usd))
    return update_audited(actor=actor, obj=payment, values=values)


@transaction.atomic
def payment_cancel(*, actor: User | None, payment: Payment, reason: str) -> None:
    """Withdraw a payment recorded by mistake; the audit entry keeps what it said, and why.

    A payment that goods were received against stays (correct the stock first)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the payment is cancelled.")})
    _locked(payment.commitment.pledge)
    before = snapshot(payment, ("commitment", "paid_on", "currency", "amount", "amount_usd"))
    audit_record(
        actor=actor,
        action="funding.payment.cancelled",
        obj=payment,
        before=before,
        after={"reason": reason.strip()},
    )
    try:
        with transaction.atomic():
            payment.delete()
    except ProtectedError as in_use:
        raise PaymentInUse(
            _("Goods were received against this payment; it cannot be cancelled.")
        ) from in_use


# Reminders to donors' focal points


def _reminder_mark(pledge: Pledge, today: datetime.date) -> int | None:
    """The latest configured day mark the pledge has reached, if any."""
    age = (today - pledge.pledged_on).days
    reached = [mark for mark in settings.PLEDGE_REMINDER_DAYS if mark <= age]
    return max(reached) if reached else None


@transaction.atomic
def pledge_reminders_send(
    *, actor: User | None, today: datetime.date | None = None
) -> list[PledgeReminder]:
    """Remind the donor's focal point of each active pledge still not fully committed at
    30, 60 and 90 days (`PLEDGE_REMINDER_DAYS`): once per mark, the latest mark reached."""
    today = today or timezone.localdate()
    first_mark = min(settings.PLEDGE_REMINDER_DAYS, default=None)
    if first_mark is None:
        return []
    pledges = (
        Pledge.objects.filter(
            status=Pledge.Status.ACTIVE,
            pledged_on__lte=today - datetime.timedelta(days=first_mark),
            focal_point__isnull=False,
        )
        .exclude(focal_point__email="")
        .select_related("focal_point", "donor", "currency")
        .order_by("pk")
    )
    sent = []
    for pledge in pledges:
        mark = _reminder_mark(pledge, today)
        if mark is None or pledge.reminders.filter(day_mark__gte=mark).exists():
            continue
        outstanding = pledge.amount - _committed(pledge)
        if outstanding <= 0:
            continue
        focal_point = pledge.focal_point
        if focal_point is None:
            continue
        try:
            with transaction.atomic():
                reminder = PledgeReminder.objects.create(
                    pledge=pledge,
                    day_mark=mark,
                    sent_at=timezone.now(),
                    recipient=focal_point.email,
                )
        except IntegrityError:  # another worker sent this one a moment ago
            continue
        audit_record(
            actor=actor,
            action="funding.pledgereminder.sent",
            obj=reminder,
            after={"pledge": pledge.pk, "day_mark": mark, "recipient": reminder.recipient},
        )
        mail_after_commit(
            address=reminder.recipient,
            language=settings.LANGUAGE_CODE,
            subject=gettext_lazy("Pledge %(reference)s: %(amount)s %(currency)s outstanding"),
            body=gettext_lazy(
                "Dear %(name)s,\n\nThe pledge %(reference)s of %(donor)s, made on %(date)s, "
                "has %(amount)s %(currency)s not yet committed after %(days)s days. "
                "Please let us know when the agreement for it can be signed."
            ),
            params={
                "name": focal_point,
                "reference": pledge.reference,
                "donor": pledge.donor,
                "date": pledge.pledged_on.isoformat(),
                "amount": outstanding,
                "currency": pledge.currency.code,
                "days": mark,
            },
            link=reverse_lazy("funding:pledge_detail", args=[pledge.pk]),
        )
        sent.append(reminder)
    return sent

"""What funding knows of a record's neighbours in the chain: a pledge's commitments and
payments, and back up to the pledge and its project (registered in plugins.py)."""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, reaches
from sunbula.core.chain import Kind, Neighbours, Step, linked, one
from sunbula.core.figures import day, money, quantity
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm

VIEW = FundingPerm.VIEW_FUNDING


def payment_label(payment: Payment) -> str:
    """A payment by its date and amount; a contribution by its date and quantity, each as
    the reader's language writes them (the template escapes the label: plain text here)."""
    pledge = payment.commitment.pledge
    paid_on = day(payment.paid_on, html=False)
    if payment.quantity is not None and pledge.is_in_kind:
        return f"{paid_on} · {quantity(payment.quantity, pledge.unit, html=False)}"
    return f"{paid_on} · {money(payment.amount, payment.currency, html=False)}"


def commitment_label(commitment: Commitment) -> str:
    """A commitment by its date and amount, in its pledge's currency."""
    amount = money(commitment.amount, commitment.pledge.currency, html=False)
    return f"{day(commitment.committed_on, html=False)} · {amount}"


PROJECT = Kind(Step.PROJECT, _("Project"), label=lambda project: project.code)
CONFERENCE = Kind(Step.CONFERENCE, _("Conference"), label=lambda conference: conference.local_title)
PLEDGE = Kind(Step.PLEDGE, _("Pledge"), label=lambda pledge: pledge.reference)
PLEDGES = Kind(Step.PLEDGE, _("Pledges"), label=lambda pledge: pledge.reference)
COMMITMENT = Kind(Step.COMMITMENT, _("Commitment"), label=commitment_label)
COMMITMENTS = Kind(Step.COMMITMENT, _("Commitments"), label=COMMITMENT.label)
PAYMENTS = Kind(Step.PAYMENT, _("Payments"), label=payment_label)
CONTRIBUTIONS = Kind(Step.PAYMENT, _("In-kind contributions"), label=payment_label)


def _visible(user: AnyUser, record: Model | None, perm: str = VIEW) -> bool:
    return record is not None and reaches(user, perm, record)


def _payments(user: AnyUser, pledge: Pledge, **narrowed: object) -> Neighbours:
    payments = (
        Payment.objects.visible_to(user, VIEW)
        .filter(**narrowed)
        .select_related("currency", "commitment__pledge")
        .order_by("paid_on", "pk")
    )
    return linked(CONTRIBUTIONS if pledge.is_in_kind else PAYMENTS, payments)


def pledge_neighbours(user: AnyUser, pledge: Pledge) -> list[Neighbours]:
    """A pledge's project and conference, commitments and payments (or contributions)."""
    project = pledge.project
    conference = pledge.conference
    return [
        *one(PROJECT, project if _visible(user, project, ProgrammePerm.VIEW_PROJECT) else None),
        *one(CONFERENCE, conference if _visible(user, conference) else None),
        linked(
            COMMITMENTS,
            Commitment.objects.visible_to(user, VIEW)
            .filter(pledge=pledge)
            .select_related("pledge__currency")
            .order_by("committed_on", "pk"),
        ),
        _payments(user, pledge, commitment__pledge=pledge),
    ]


def commitment_neighbours(user: AnyUser, commitment: Commitment) -> list[Neighbours]:
    """A commitment's pledge and the payments (or contributions) made on it."""
    pledge = commitment.pledge
    return [
        *one(PLEDGE, pledge if _visible(user, pledge) else None),
        _payments(user, pledge, commitment=commitment),
    ]


def payment_neighbours(user: AnyUser, payment: Payment) -> list[Neighbours]:
    """A payment's commitment and pledge."""
    commitment = payment.commitment
    return [
        *one(COMMITMENT, commitment if _visible(user, commitment) else None),
        *one(PLEDGE, commitment.pledge if _visible(user, commitment.pledge) else None),
    ]


def project_pledges(user: AnyUser, project: Project) -> list[Neighbours]:
    """The pledges given to a project."""
    return [
        linked(
            PLEDGES,
            Pledge.objects.visible_to(user, VIEW)
            .filter(project=project)
            .order_by("-pledged_on", "reference"),
        )
    ]

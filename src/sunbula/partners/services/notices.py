"""Notices of partnership work that is late: deliverables and follow-up actions past due."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.core.notifications import NoticeKind, notify, register_kind
from sunbula.partners.models import FollowUpAction, Obligation

OVERDUE = "partners.overdue"
register_kind(NoticeKind(OVERDUE, gettext_lazy("Deliverables and follow-up actions overdue")))


@transaction.atomic
def overdue_owners_notify(*, actor: User | None, today: datetime.date | None = None) -> int:
    """Tell each owner, once, of a pending deliverable or open follow-up action past its due
    date; how many notices were given."""
    today = today or timezone.localdate()
    given = 0
    obligations = Obligation.objects.filter(
        status=Obligation.Status.PENDING, due_on__lt=today, owner__isnull=False
    ).select_related("owner", "agreement")
    for obligation in obligations.order_by("pk"):
        if obligation.owner is None:
            continue
        notice = notify(
            recipient=obligation.owner,
            kind=OVERDUE,
            subject=gettext_lazy("Deliverable overdue: %(item)s"),
            body=gettext_lazy(
                "The deliverable “%(item)s” under %(agreement)s was due on %(date)s."
            ),
            params={
                "item": obligation,
                "agreement": obligation.agreement,
                "date": obligation.due_on,
            },
            link=reverse_lazy("partners:agreement_detail", args=[obligation.agreement_id]),
            key=f"partners.obligation.overdue:{obligation.pk}",
        )
        if notice is not None:
            given += 1
            audit_record(
                actor=actor,
                action="partners.obligation.overdue_notified",
                obj=obligation,
                after={"owner": obligation.owner_id, "due_on": obligation.due_on},
            )
    actions = FollowUpAction.objects.filter(
        status=FollowUpAction.Status.OPEN, due_on__lt=today, owner__isnull=False
    ).select_related("owner", "engagement")
    for action in actions.order_by("pk"):
        if action.owner is None:
            continue
        notice = notify(
            recipient=action.owner,
            kind=OVERDUE,
            subject=gettext_lazy("Follow-up action overdue: %(item)s"),
            body=gettext_lazy("The follow-up of %(engagement)s, “%(item)s”, was due on %(date)s."),
            params={"item": action, "engagement": action.engagement, "date": action.due_on},
            link=reverse_lazy("partners:engagement_detail", args=[action.engagement_id]),
            key=f"partners.followupaction.overdue:{action.pk}",
        )
        if notice is not None:
            given += 1
            audit_record(
                actor=actor,
                action="partners.followupaction.overdue_notified",
                obj=action,
                after={"owner": action.owner_id, "due_on": action.due_on},
            )
    return given

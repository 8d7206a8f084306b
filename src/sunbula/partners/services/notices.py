"""Notices of partnership work that is late: deliverables and follow-up actions past due."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.core.notifications import NoticeKind, Text, notify, register_kind
from sunbula.partners.models import FollowUpAction, Obligation

OVERDUE = "partners.overdue"
register_kind(NoticeKind(OVERDUE, gettext_lazy("Deliverables and follow-up actions overdue")))


def _owner_told(
    *,
    actor: User | None,
    record: Obligation | FollowUpAction,
    subject: Text,
    body: Text,
    params: dict[str, object],
    link: Text,
) -> bool:
    """Tell the owner of one overdue deliverable or follow-up action, once (the notice key
    holds it), and audit the notice given. Whether it was given."""
    if record.owner is None:
        return False
    label = record._meta.label_lower
    notice = notify(
        recipient=record.owner,
        kind=OVERDUE,
        key=f"{label}.overdue:{record.pk}",
        subject=subject,
        body=body,
        params=params,
        link=link,
    )
    if notice is None:
        return False
    audit_record(
        actor=actor,
        action=f"{label}.overdue_notified",
        obj=record,
        after={"owner": record.owner_id, "due_on": record.due_on},
    )
    return True


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
        given += _owner_told(
            actor=actor,
            record=obligation,
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
        )
    actions = FollowUpAction.objects.filter(
        status=FollowUpAction.Status.OPEN, due_on__lt=today, owner__isnull=False
    ).select_related("owner", "engagement")
    for action in actions.order_by("pk"):
        given += _owner_told(
            actor=actor,
            record=action,
            subject=gettext_lazy("Follow-up action overdue: %(item)s"),
            body=gettext_lazy("The follow-up of %(engagement)s, “%(item)s”, was due on %(date)s."),
            params={"item": action, "engagement": action.engagement, "date": action.due_on},
            link=reverse_lazy("partners:engagement_detail", args=[action.engagement_id]),
        )
    return given

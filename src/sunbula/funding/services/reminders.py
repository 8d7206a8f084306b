"""Reminders to donors' focal points of pledges not yet fully committed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sunbula.core.audit import (
    audit_record,
)
from sunbula.core.models import User
from sunbula.core.notifications import Amount, mail_after_commit
from sunbula.funding.models import (
    Pledge,
    PledgeReminder,
)
from sunbula.funding.services._amounts import _committed


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
            language=focal_point.language or settings.LANGUAGE_CODE,
            subject=gettext_lazy("Pledge %(reference)s: %(amount)s outstanding"),
            body=gettext_lazy(
                "Dear %(name)s,\n\nThe pledge %(reference)s of %(donor)s, made on %(date)s, "
                "has %(amount)s not yet committed after %(days)s days. "
                "Please let us know when the agreement for it can be signed."
            ),
            params={
                "name": focal_point,
                "reference": pledge.reference,
                "donor": pledge.donor,
                "date": pledge.pledged_on,
                "amount": Amount(outstanding, pledge.currency.code),
                "days": mark,
            },
            link=reverse_lazy("funding:pledge_detail", args=[pledge.pk]),
        )
        sent.append(reminder)
    return sent

"""A user's own notices, and which kinds come to them by e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sunbula.core.audit import (
    audit_record,
)
from sunbula.core.models import (
    Notification,
    NotificationPreference,
    User,
)


@transaction.atomic
def notifications_mark_read(
    *, actor: User, notifications: Iterable[Notification] | None = None
) -> int:
    """Mark the actor's notices read (all unread ones if none are named); how many changed."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notifications is not None:
        unread = unread.filter(pk__in=[notification.pk for notification in notifications])
    ids = sorted(unread.values_list("pk", flat=True))
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    audit_record(
        actor=actor,
        action="core.notification.read",
        obj=actor,
        object_repr=actor.email,
        after={"notifications": ids},
    )
    return len(ids)


@transaction.atomic
def notification_preferences_set(
    *, actor: User, user: User, email_kinds: dict[str, bool]
) -> list[NotificationPreference]:
    """Which kinds of notice `user` takes by e-mail (True) or only in Sunbula (False)."""
    before = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    preferences = []
    for kind, email in sorted(email_kinds.items()):
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": email}
        )
        preferences.append(preference)
    audit_record(
        actor=actor,
        action="core.notificationpreference.set",
        obj=user,
        object_repr=user.email,
        before=before,
        after=dict(sorted(email_kinds.items())),
    )
    return preferences

"""Sign-in by e-mail and password (Django's model backend), with the signed-in user's count
of unread notices and their protection clearance read in the same query that loads the user
on every request, so that neither costs a query of its own."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sunbula.core.models import Notification, User


@cache
def _users_with_notices() -> QuerySet[User]:
    """Users with what every page shows of them, as annotations. Built once: building this
    query took as long as running it, on every request."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return User._default_manager.select_related("protection_clearance").annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


class UserWithNoticesBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = _users_with_notices().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

"""Sign-in by e-mail and password (Django's model backend), with the signed-in user's count
of unread notices read in the same query that loads the user on every request, so that the
header's count costs no query of its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from sunbula.core.models import Notification, User


class UserWithNoticesBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(count=Count("pk"))
            .values("count")
        )
        try:
            user = User._default_manager.annotate(
                unread_notifications=Coalesce(
                    Subquery(unread, output_field=IntegerField()), Value(0)
                )
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

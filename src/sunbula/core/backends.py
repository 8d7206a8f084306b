"""Sign-in by e-mail and password (Django's model backend), with the signed-in user's count
of unread notices, their protection clearance, and whether every role they hold is limited
to Afghanistan (the Solar Hijri date beside the Gregorian, sunbula.core.figures), read in
the same query that loads the user on every request, so that none costs a query of its own."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sunbula.core.models import Notification, RoleAssignment, User


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
    roles = RoleAssignment.objects.filter(user=OuterRef("pk"))
    role_countries = RoleAssignment.countries.through.objects.filter(
        roleassignment__user=OuterRef("pk")
    )
    return User._default_manager.select_related("protection_clearance").annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        in_afghanistan=Exists(role_countries.filter(country__iso3="AFG")),
        beyond_afghanistan=Exists(role_countries.exclude(country__iso3="AFG"))
        | Exists(roles.filter(countries__isnull=True)),
    )


class UserWithNoticesBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = _users_with_notices().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

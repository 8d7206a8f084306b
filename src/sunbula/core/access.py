"""Who may see and change what: scopes and fetch-and-authorise helpers every domain reuses.

A view never calls `Model.objects.get`; it calls `<thing>_for_user(user, pk, write=...)`,
which returns the record or raises Http404 (outside the scope: we do not confirm it exists)
or PermissionDenied (inside the scope, but the role may not change it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from sunbula.core.models import Organisation, Role, RoleAssignment, Site, User
from sunbula.core.permissions import ROLE_PERMISSIONS, Perm

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Scope:
    """The countries and organisations a permission reaches; `countries=None` means all."""

    countries: frozenset[int] | None
    organisations: frozenset[int]

    @property
    def every_country(self) -> bool:
        return self.countries is None

    def covers_country(self, country_id: int | None) -> bool:
        return self.countries is None or country_id in self.countries

    def filter(self, queryset: QuerySet[M], country_field: str = "country") -> QuerySet[M]:
        if self.countries is None:
            return queryset
        return queryset.filter(**{f"{country_field}__in": self.countries})

    def q(self, country_field: str = "country") -> Q:
        if self.countries is None:
            return Q()
        return Q(**{f"{country_field}__in": self.countries})


class AuthedRequest(HttpRequest):
    """A request from a signed-in user (the login middleware guarantees it for pages)."""

    user: User


def signed_in(user: AnyUser) -> User:
    """The acting user, for a service's `actor`; anonymous callers never get this far."""
    if not isinstance(user, User):
        raise PermissionDenied
    return user


NO_SCOPE = Scope(countries=frozenset(), organisations=frozenset())


def _assignments(user: User) -> list[tuple[Role, int, frozenset[int]]]:
    cached: list[tuple[Role, int, frozenset[int]]] | None = getattr(user, "_sunbula_roles", None)
    if cached is None:
        cached = [
            (
                Role(assignment.role),
                assignment.organisation_id,
                frozenset(country.pk for country in assignment.countries.all()),
            )
            for assignment in RoleAssignment.objects.filter(user=user).prefetch_related("countries")
        ]
        user._sunbula_roles = cached  # type: ignore[attr-defined]
    return cached


def forget_roles(user: User) -> None:
    """Drop the per-request cache after roles change."""
    if hasattr(user, "_sunbula_roles"):
        del user._sunbula_roles


def scope_for(user: AnyUser, permission: str) -> Scope:
    """The scope in which `user` holds `permission`; NO_SCOPE if nowhere."""
    if not isinstance(user, User) or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(countries=None, organisations=frozenset())
    countries: set[int] = set()
    organisations: set[int] = set()
    every_country = False
    granted = False
    for role, organisation_id, role_countries in _assignments(user):
        if permission not in ROLE_PERMISSIONS[role]:
            continue
        granted = True
        organisations.add(organisation_id)
        if role_countries:
            countries |= role_countries
        else:
            every_country = True
    if not granted:
        return NO_SCOPE
    return Scope(
        countries=None if every_country else frozenset(countries),
        organisations=frozenset(organisations),
    )


def has_permission(user: AnyUser, permission: str) -> bool:
    scope = scope_for(user, permission)
    return scope.every_country or bool(scope.countries)


def require_permission(user: AnyUser, permission: str) -> Scope:
    scope = scope_for(user, permission)
    if not (scope.every_country or scope.countries):
        raise PermissionDenied
    return scope


def has_protection_clearance(user: AnyUser) -> bool:
    """Whether `user` may see personal data unmasked."""
    if not isinstance(user, User) or not user.is_active:
        return False
    clearance = getattr(user, "protection_clearance", None)
    if clearance is None:
        return False
    return clearance.expires_on is None or clearance.expires_on >= timezone.localdate()


def organisation_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Organisation:
    require_permission(user, Perm.VIEW_REFERENCE)
    try:
        organisation = Organisation.objects.select_related("country", "parent").get(pk=pk)
    except Organisation.DoesNotExist as missing:
        raise Http404 from missing
    if write:
        scope = require_permission(user, Perm.MANAGE_ORGANISATION)
        # A national organisation is changed from its own country; international ones need
        # a role that reaches every country.
        if organisation.country_id is None and not scope.every_country:
            raise PermissionDenied
        if not scope.covers_country(organisation.country_id):
            raise PermissionDenied
    return organisation


def site_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Site:
    scope = require_permission(user, Perm.VIEW_SITE)
    try:
        site = scope.filter(
            Site.objects.select_related("country", "admin_area", "operating_organisation")
        ).get(pk=pk)
    except Site.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, Perm.MANAGE_SITE).covers_country(site.country_id):
        raise PermissionDenied
    return site

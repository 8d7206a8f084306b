"""Who may see and change what: scopes, and the one fetch-and-authorise helper.

A view never calls `Model.objects.get`; it calls `fetch(queryset, user, pk, perm=..., write=...)`,
which returns the record or raises Http404 (outside the scope, or missing: we do not confirm
it exists) or PermissionDenied (inside the scope, but the role may not change it). Lists use
`Model.objects.visible_to(user, perm)`; both read the model's `scope_rule` (core.scoping).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import BooleanField, Case, Exists, Model, OuterRef, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from sunbula.core.models import (
    ApiToken,
    Notification,
    Organisation,
    Role,
    RoleAssignment,
    Site,
    User,
)
from sunbula.core.permissions import ROLE_PERMISSIONS, Perm
from sunbula.core.scoping import (
    ACROSS,
    BY_COUNTRY,
    NOT_SCOPED,
    Grant,
    Scope,
    ScopeRule,
    rule_of,
)

__all__ = ["ACROSS", "Grant", "Scope", "ScopeRule"]

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser

# Roles that reach only their own organisation's records (a donor sees its own money).
ORGANISATION_LIMITED_ROLES = frozenset({Role.DONOR_VIEWER})

# Lookup paths from a RoleAssignment to the programmes it is limited to, registered by the
# app that keeps those limits (core imports no domain).
_programme_paths: list[str] = []


@dataclass(frozen=True)
class ProgrammeLimits:
    """How the app that owns programmes offers them to a role and sets a role's limits."""

    path: str
    options: Callable[[AnyUser], QuerySet[Any]]
    setter: Callable[..., object]


_programme_limits: list[ProgrammeLimits] = []


def register_programme_limits(
    path: str,
    *,
    options: Callable[[AnyUser], QuerySet[Any]] | None = None,
    setter: Callable[..., object] | None = None,
) -> None:
    """Let the programmes app say where a role assignment's programme limits are, which
    programmes an administrator may offer, and the service that sets them."""
    if path not in _programme_paths:
        _programme_paths.append(path)
    if options is not None and setter is not None and not _programme_limits:
        _programme_limits.append(ProgrammeLimits(path=path, options=options, setter=setter))


def programme_limits() -> ProgrammeLimits | None:
    return _programme_limits[0] if _programme_limits else None


class AuthedRequest(HttpRequest):
    """A request from a signed-in user (the login middleware guarantees it for pages)."""

    user: User


def signed_in(user: AnyUser) -> User:
    """The acting user, for a service's `actor`; anonymous callers never get this far."""
    if not isinstance(user, User):
        raise PermissionDenied
    return user


NO_SCOPE = Scope(grants=())
EVERYWHERE = Scope(grants=(Grant(),))


def _assignments(user: User) -> list[tuple[Role, Grant]]:
    cached: list[tuple[Role, Grant]] | None = getattr(user, "_sunbula_roles", None)
    if cached is None:
        # One query: the assignments joined to their countries and programme limits, a row
        # for each pair of them (a role holds a few).
        rows = RoleAssignment.objects.filter(user=user).order_by("pk")
        assignments: dict[int, tuple[Role, int, set[int]]] = {}
        countries: dict[int, set[int]] = {}
        codes: dict[int, set[str]] = {}
        for pk, role, organisation_id, country_id, iso3, *programme_ids in rows.values_list(
            "pk", "role", "organisation_id", "countries", "countries__iso3", *_programme_paths
        ):
            limits = assignments.setdefault(pk, (Role(role), organisation_id, set()))[2]
            limits.update(programme for programme in programme_ids if programme is not None)
            if country_id is not None:
                countries.setdefault(pk, set()).add(country_id)
                codes.setdefault(pk, set()).add(iso3)
        cached = [
            (
                role,
                Grant(
                    countries=frozenset(countries[pk]) if pk in countries else None,
                    programmes=frozenset(programmes) if programmes else None,
                    organisation=organisation_id if role in ORGANISATION_LIMITED_ROLES else None,
                ),
            )
            for pk, (role, organisation_id, programmes) in assignments.items()
        ]
        user._sunbula_roles = cached  # type: ignore[attr-defined]
        user._sunbula_role_countries = [  # type: ignore[attr-defined]
            frozenset(codes[pk]) if pk in codes else None for pk in assignments
        ]
    return cached


def every_role_limited_to(user: AnyUser | object, iso3: str) -> bool:
    """Whether `user` holds a role and every role they hold is limited to the one country
    `iso3` (read with their roles, no query of its own)."""
    if not isinstance(user, User):
        return False
    _assignments(user)
    limits: list[frozenset[str] | None] = user._sunbula_role_countries  # type: ignore[attr-defined]
    return bool(limits) and all(countries == frozenset((iso3,)) for countries in limits)


def forget_roles(user: User) -> None:
    """Drop the per-request cache after roles change."""
    for cached in ("_sunbula_roles", "_sunbula_scopes", "_sunbula_role_countries"):
        if hasattr(user, cached):
            delattr(user, cached)


def _behind_wrapper(user: object) -> object:
    """The user behind `request.user`'s lazy wrapper, loaded if it was not yet: read through
    the wrapper, each attribute cost some twenty times what the permission check does."""
    if not isinstance(user, LazyObject):
        return user
    if user._wrapped is empty:
        user._setup()
    return user._wrapped


def scope_for(user: AnyUser | object, permission: str) -> Scope:
    """The grants through which `user` holds `permission`; NO_SCOPE if none."""
    user = _behind_wrapper(user)
    if not isinstance(user, User) or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return EVERYWHERE
    scopes: dict[str, Scope] | None = getattr(user, "_sunbula_scopes", None)
    if scopes is None:
        scopes = user._sunbula_scopes = {}  # type: ignore[attr-defined]
    if permission not in scopes:
        scopes[permission] = Scope(
            grants=tuple(
                grant for role, grant in _assignments(user) if permission in ROLE_PERMISSIONS[role]
            )
        )
    return scopes[permission]


def has_permission(user: AnyUser, permission: str) -> bool:
    return scope_for(user, permission).granted


def require_permission(user: AnyUser, permission: str) -> Scope:
    scope = scope_for(user, permission)
    if not scope.granted:
        raise PermissionDenied
    return scope


def reaches(
    user: AnyUser, permission: str, record: Model, *, rule: ScopeRule | None = None
) -> bool:
    """Whether `permission` reaches `record` (by its model's rule, or `rule`)."""
    scope = scope_for(user, permission)
    if not scope.granted:
        return False
    rule = rule or rule_of(type(record))
    in_memory = scope.reaches(record, rule)
    if in_memory is not None:
        return in_memory
    condition = scope.q(rule)
    if not condition:
        return True
    return type(record)._default_manager.filter(condition, pk=record.pk).exists()


def annotate_reach(
    queryset: QuerySet[M],
    user: AnyUser,
    permission: str,
    name: str,
    *,
    rule: ScopeRule | None = None,
    author: str | None = None,
) -> QuerySet[M]:
    """`queryset` with a flag `name` on each row: whether `permission` reaches the row, by its
    model's rule or `rule`, as `reaches` answers for one record, and, given the row's `author`
    field, whether someone other than its author is asking, as `may_approve` answers. A list
    offers a row's action (approve, write off) only where it opens."""
    scope = scope_for(user, permission)
    condition = scope.q(rule or rule_of(queryset.model)) if scope.granted else None
    flag: Value | Exists | Case
    if not scope.granted or not condition:
        flag = Value(scope.granted)
    else:
        flag = Exists(queryset.model._default_manager.filter(condition, pk=OuterRef("pk")))
    if author is not None and scope.granted:
        flag = Case(
            When(Q(**{f"{author}_id": user.pk}), then=Value(False)),
            default=flag,
            output_field=BooleanField(),
        )
    annotated: QuerySet[M] = queryset.annotate(**{name: flag})
    return annotated


def may_change(
    user: AnyUser,
    permission: str,
    record: Model,
    *,
    rule: ScopeRule | None = None,
    owner: str | None = None,
) -> bool:
    """Whether `user` may change `record`: `permission` reaches it (by its model's rule, or
    `rule`), or the user is the record's `owner` (the name of its field). What `fetch` asks
    before a change, and what a page asks before it offers one."""
    if owner is not None and getattr(record, f"{owner}_id") == getattr(user, "pk", None):
        return True
    return reaches(user, permission, record, rule=rule)


def may_approve(
    user: AnyUser,
    permission: str,
    record: Model,
    *,
    author_id: int | None,
    rule: ScopeRule | None = None,
) -> bool:
    """Whether `user` may approve `record`, which the user `author_id` put forward (counted,
    received, proposed): `permission` reaches it and the user is someone else, as the
    service's four-eyes rule asks. A page offers the approval only to such a person."""
    return author_id != getattr(user, "pk", None) and reaches(user, permission, record, rule=rule)


def may_open(user: AnyUser, permission: str, record: Model | None) -> bool:
    """Whether a page may link `record`, a neighbour it names (or None): only a record the
    user reaches with `permission` opens, and a page offers no link that answers 404."""
    return record is not None and reaches(user, permission, record)


def users_holding(permission: str, *, country_id: int) -> QuerySet[User]:
    """The active users who hold `permission` in the country `country_id`: through a role
    that grants it there or in every country (or as superusers). For records placed by their
    country alone (`BY_COUNTRY`): a grant's programme or organisation limit does not narrow
    them, as `reaches` would find."""
    roles = [role for role, held in ROLE_PERMISSIONS.items() if permission in held]
    assignments = RoleAssignment.objects.filter(role__in=roles).filter(
        Q(countries=None) | Q(countries=country_id)
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=assignments.values("user")) | Q(is_superuser=True))
        .order_by("full_name", "email")
    )


def fetch(
    source: QuerySet[M] | type[M],
    user: AnyUser,
    pk: object,
    *,
    perm: str,
    write: str | None = None,
    rule: ScopeRule | None = None,
    write_rule: ScopeRule | None = None,
    owner: str | None = None,
) -> M:
    """The record `pk` if `perm` reaches it (404 otherwise, missing or not); with `write`,
    403 unless that permission reaches it too, or the user is the record's `owner`.
    `rule`/`write_rule` replace the model's rule where reading and changing follow other
    paths (reference data everyone reads; an event without a country changed from anywhere)."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    scope = require_permission(user, perm)
    try:
        record = scope.filter(queryset, rule=rule).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    if write is None:
        return record
    if not may_change(user, write, record, rule=write_rule, owner=owner):
        raise PermissionDenied
    return record


def has_protection_clearance(user: AnyUser) -> bool:
    """Whether `user` may see personal data unmasked."""
    if not isinstance(user, User) or not user.is_active:
        return False
    clearance = getattr(user, "protection_clearance", None)
    if clearance is None:
        return False
    return clearance.expires_on is None or clearance.expires_on >= timezone.localdate()


# Organisations are reference data everyone reads; one is changed from its own country.
fetch_organisation = partial(
    fetch,
    Organisation.objects.select_related("country", "parent"),
    perm=Perm.VIEW_REFERENCE,
    write_rule=BY_COUNTRY,
)
fetch_site = partial(
    fetch,
    Site.objects.select_related("country", "admin_area", "operating_organisation"),
    perm=Perm.VIEW_SITE,
)


def assignment_within(scope: Scope, assignment: RoleAssignment) -> bool:
    """Whether an administrator of users with `scope` may change `assignment`: anyone's if
    the scope reaches every country, else only one limited to countries of theirs."""
    if scope.every_country:
        return True
    countries = {country.pk for country in assignment.countries.all()}
    return bool(countries) and countries <= (scope.countries or frozenset())


def fetch_api_token(user: AnyUser, pk: int) -> ApiToken:
    """An API token: any, for those who administer users; else one of the user's own (anyone
    else's is missing, 404)."""
    tokens = ApiToken.objects.select_related("user")
    if has_permission(user, Perm.MANAGE_USERS):
        return fetch(tokens, user, pk, perm=Perm.MANAGE_USERS, rule=NOT_SCOPED)
    if not isinstance(user, User):
        raise Http404
    try:
        return tokens.get(user=user, pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def fetch_notification(user: AnyUser, pk: int) -> Notification:
    """One of the user's own notices; anyone else's is missing (404)."""
    if not isinstance(user, User):
        raise Http404
    try:
        return Notification.objects.get(recipient=user, pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def holds_role(user: AnyUser, role: Role) -> bool:
    """Whether `user` holds `role` anywhere (for rules about a role, not about a permission)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return any(held == role for held, _grant in _assignments(user))

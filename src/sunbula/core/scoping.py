"""How a user's grants narrow a queryset: the one place where scope becomes a query.

A grant says which countries, programmes and organisation one role assignment reaches
(None: every one). A model says, in `scope_rule`, where each of the three dimensions sits
on it. A row is visible when some grant reaches it on every dimension that grant limits;
a grant limited on a dimension the model does not have reaches none of its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final, Generic, TypeVar

from django.db import models
from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from sunbula.core.models import User

M = TypeVar("M", bound=Model)

# The model spans this dimension (a programme spans countries): a limit there does not narrow it.
ACROSS: Final = "*"

Path = str | tuple[str, ...] | None


@dataclass(frozen=True)
class ScopeRule:
    """Where a model's country, programme and organisation sit, as lookup paths.

    A tuple of paths means any of them (a waybill is in both its ends' countries); None
    means the model has no such dimension; ACROSS means it is not limited by it.
    `international`: a row without a country is in every country's reach.
    """

    country: Path = None
    programme: Path = None
    organisation: Path = None
    international: bool = False

    def with_country(self, country: Path) -> ScopeRule:
        return ScopeRule(country, self.programme, self.organisation, self.international)

    def under(self, relation: str) -> ScopeRule:
        """The same rule seen from a model that points at this one through `relation`."""

        def moved(path: Path) -> Path:
            if path is None or path == ACROSS:
                return path
            if isinstance(path, str):
                return f"{relation}__{path}"
            return tuple(f"{relation}__{one}" for one in path)

        return ScopeRule(
            moved(self.country), moved(self.programme), moved(self.organisation), self.international
        )


NOT_SCOPED: Final = ScopeRule(country=ACROSS, programme=ACROSS, organisation=ACROSS)

# A record of one country, seen and changed from that country (a model with a `country` and
# no rule of its own). Reference data (organisations) is read by everyone but changed by this
# rule; a record without a country is changed only by a role in every country.
BY_COUNTRY: Final = ScopeRule(country="country", programme=ACROSS, organisation=ACROSS)


@dataclass(frozen=True)
class Grant:
    """What one role assignment reaches; None on a dimension means every one."""

    countries: frozenset[int] | None = None
    programmes: frozenset[int] | None = None
    organisation: int | None = None


def rule_of(model: type[Model]) -> ScopeRule:
    """The model's rule; one that declares none is placed by its `country`, if it has one."""
    rule: ScopeRule | None = getattr(model, "scope_rule", None)
    if rule is not None:
        return rule
    has_country = any(field.name == "country" for field in model._meta.get_fields())
    return BY_COUNTRY if has_country else NOT_SCOPED


def _paths(path: Path) -> tuple[str, ...]:
    if path is None:
        return ()
    return (path,) if isinstance(path, str) else path


def _lookups(condition: Q) -> Iterator[str]:
    for child in condition.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        elif isinstance(child, tuple):
            yield str(child[0])


def _crosses_many(model: type[Model], path: str) -> bool:
    """Whether following `path` passes a to-many relation (a join that repeats rows)."""
    current: type[Model] = model
    for name in path.split("__"):
        if name == "pk":
            return False
        field = current._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        related = field.related_model
        if related is None or isinstance(related, str):
            return False
        current = related
    return False


@dataclass(frozen=True)
class Scope:
    """The grants through which a user holds one permission; no grants: nowhere."""

    grants: tuple[Grant, ...]

    @property
    def granted(self) -> bool:
        return bool(self.grants)

    @property
    def countries(self) -> frozenset[int] | None:
        """Every country some grant reaches, whatever its other limits; None: all."""
        if any(grant.countries is None for grant in self.grants):
            return None
        return frozenset().union(*(grant.countries or () for grant in self.grants))

    @property
    def every_country(self) -> bool:
        return self.countries is None

    def covers_country(self, country_id: int | None) -> bool:
        countries = self.countries
        return countries is None or country_id in countries

    def covers_organisation(self, organisation_id: int) -> bool:
        """Whether some grant reaches the records of `organisation_id` (a donor viewer's
        reaches only its own organisation's)."""
        return any(grant.organisation in (None, organisation_id) for grant in self.grants)

    def q(self, rule: ScopeRule | type[Model], prefix: str = "") -> Q:
        """The rows of a model with `rule` (or of `rule` itself, a model) this scope reaches."""
        if not isinstance(rule, ScopeRule):
            rule = rule_of(rule)
        reached: Q | None = None
        for grant in self.grants:
            grant_q = _grant_q(grant, rule, prefix)
            if grant_q is None:
                continue
            if not grant_q:
                return Q()
            reached = grant_q if reached is None else reached | grant_q
        return Q(pk__in=[]) if reached is None else reached

    def reaches(self, record: Model, rule: ScopeRule) -> bool | None:
        """Whether a grant reaches `record`, from the record and the rows it was fetched
        with; None when a path crosses a to-many relation (the database must answer)."""
        for grant in self.grants:
            reached = _grant_reaches(grant, rule, record)
            if reached is None:
                return None
            if reached:
                return True
        return False

    def filter(
        self,
        queryset: QuerySet[M],
        country_field: str | None = None,
        *,
        rule: ScopeRule | None = None,
    ) -> QuerySet[M]:
        """`queryset` narrowed by the model's rule, or by `rule` (`country_field` moves the
        country path)."""
        model = queryset.model
        rule = rule or rule_of(model)
        if country_field is not None:
            rule = rule.with_country(country_field)
        condition = self.q(rule)
        if not condition:
            return queryset
        # Only the paths the grants use decide: an officer limited to countries is filtered
        # on the country column even where a donor's organisation path repeats rows.
        if any(_crosses_many(model, lookup.rsplit("__", 1)[0]) for lookup in _lookups(condition)):
            return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))
        return queryset.filter(condition)


def _grant_q(grant: Grant, rule: ScopeRule, prefix: str) -> Q | None:
    """The rows one grant reaches: Q() for all, None for none."""
    limits = (
        (rule.country, grant.countries),
        (rule.programme, grant.programmes),
        (
            rule.organisation,
            None if grant.organisation is None else frozenset([grant.organisation]),
        ),
    )
    condition = Q()
    for index, (path, limit) in enumerate(limits):
        if limit is None or path == ACROSS:
            continue
        if path is None:
            return None
        dimension = Q(pk__in=[])
        for one in _paths(path):
            dimension |= Q(**{f"{prefix}{one}__in": limit})
        if index == 0 and rule.international:
            for one in _paths(path):
                dimension |= Q(**{f"{prefix}{one}__isnull": True})
        condition &= dimension
    return condition


class ScopedQuerySet(QuerySet[M], Generic[M]):
    """A queryset that narrows itself to what a user may see with a permission."""

    def visible_to(self, user: User | object, permission: str) -> QuerySet[M]:
        from sunbula.core.access import scope_for

        return scope_for(user, permission).filter(self)


class ScopedManager(models.Manager[M], Generic[M]):
    """`Model.objects.visible_to(user, perm)`: the model's rows the user reaches."""

    _queryset_class: ClassVar[type[QuerySet]] = ScopedQuerySet  # type: ignore[type-arg]

    def get_queryset(self) -> ScopedQuerySet[M]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, user: User | object, permission: str) -> QuerySet[M]:
        return self.get_queryset().visible_to(user, permission)


_UNKNOWN = object()


def _value_at(record: Model, path: str) -> object:
    """The id `path` leads to from `record` (None for an empty link), or _UNKNOWN when it
    crosses a to-many relation."""
    current: Model | None = record
    parts = path.split("__")
    for index, name in enumerate(parts):
        if current is None:
            return None
        if name == "pk":
            return current.pk
        field = type(current)._meta.get_field(name)
        if not isinstance(field, models.Field) or field.many_to_many:
            return _UNKNOWN
        if index == len(parts) - 1:
            return getattr(current, field.attname)
        current = getattr(current, name)
    return current


def _grant_reaches(grant: Grant, rule: ScopeRule, record: Model) -> bool | None:
    limits = (
        (rule.country, grant.countries),
        (rule.programme, grant.programmes),
        (
            rule.organisation,
            None if grant.organisation is None else frozenset([grant.organisation]),
        ),
    )
    for index, (path, limit) in enumerate(limits):
        if limit is None or path == ACROSS:
            continue
        if path is None:
            return False
        values = [_value_at(record, one) for one in _paths(path)]
        if any(value is _UNKNOWN for value in values):
            return None
        if index == 0 and rule.international and None in values:
            continue
        if not any(value in limit for value in values):
            return False
    return True

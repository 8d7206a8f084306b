"""One search box across the programme: each app says, in its `plugins.py`, which of its
records can be found and by which fields; core never imports a domain.

A source reads only through the one scoping mechanism (`visible_to`), so a search finds
nothing a user could not open. People are a source of the registry's own: they are found by
their keyed look-up hashes, never by reading the encrypted names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, cast

from django.db import connection
from django.db.models import Model, Q, QuerySet, Value
from django.utils.functional import Promise

from sunbula.core.access import AnyUser, has_permission

# Queries shorter than this find nothing: two letters match half the registry.
MIN_LENGTH = 3
# At most this many hits of one kind are shown.
SHOWN = 10


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Group:
    kind: str | Promise
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class ModelSource:
    """Records of `model` whose `fields` contain the query (case-insensitive), as far as the
    user may see them with `permission`."""

    kind: str | Promise
    model: type[Model]
    permission: str
    fields: Sequence[str]
    detail: Callable[[Any], str] = lambda record: ""
    select_related: Sequence[str] = ()
    order: int = 100
    # Newest first. A large table searched through a trigram index orders by a column no
    # index sorts, so that PostgreSQL finds the few matches by the index and sorts them,
    # instead of walking the whole table newest first in search of ten that may not exist.
    ordering: Sequence[str] = ("-pk",)

    def __call__(self, user: AnyUser, query: str) -> Group | None:
        if not has_permission(user, self.permission):
            return None
        return self.group(self.matching(user, query))

    def matching(self, user: AnyUser, query: str) -> QuerySet[Any]:
        """The records the user may see that match `query`, newest first."""
        found: QuerySet[Any] = self.model.objects.visible_to(  # type: ignore[attr-defined]
            user, self.permission
        )
        return found.filter(_containing(self.model, self.fields, query)).order_by(*self.ordering)

    def group(self, records: QuerySet[Any]) -> Group:
        shown = records.select_related(*self.select_related)[:SHOWN]
        hits = tuple(
            Hit(str(record), record.get_absolute_url(), self.detail(record)) for record in shown
        )
        return Group(self.kind, hits)


def _containing(model: type[Model], fields: Sequence[str], query: str) -> Q:
    """Records one of whose `fields` contains `query`. A field of a related record
    (`donor__name`) is matched among the related records first, and the records kept by the
    relation's id: the few donors are matched once, not once per pledge joined to them.
    On PostgreSQL the large tables' own fields have trigram indexes (`core.trigram`)."""
    own = [name for name in fields if "__" not in name]
    related: dict[str, list[str]] = {}
    for name in fields:
        if "__" in name:
            relation, rest = name.split("__", 1)
            related.setdefault(relation, []).append(rest)
    conditions = [Q(**{f"{name}__icontains": query}) for name in own]
    for relation, names in related.items():
        target = cast(type[Model], model._meta.get_field(relation).related_model)
        matching = target._default_manager.filter(_containing(target, names, query))
        # The few ids first, as a list: with a subquery PostgreSQL can use no index on the
        # record's own fields, as the match spans both.
        conditions.append(Q(**{f"{relation}__in": list(matching.values_list("pk", flat=True))}))
    return reduce(or_, conditions)


Source = Callable[[AnyUser, str], "Group | None"]

_sources: list[tuple[int, Source]] = []


def register_search(source: Source, order: int | None = None) -> None:
    if order is None:
        order = getattr(source, "order", 100)
    if all(existing is not source for _order, existing in _sources):
        _sources.append((order, source))


def _model_groups(user: AnyUser, query: str, sources: Sequence[ModelSource]) -> list[Group | None]:
    """Each model source's group (None where the user may not search it). On PostgreSQL the
    ids of every source's first matches are read in one query (UNION ALL) and only the
    sources that found something read their records: most searches find one or two kinds of
    record, and a query for each kind cost more to build and send than to answer."""
    allowed = [has_permission(user, source.permission) for source in sources]
    if connection.vendor != "postgresql" or sum(allowed) < 2:
        return [source(user, query) for source in sources]
    firsts = [
        source.matching(user, query)
        .annotate(source_index=Value(index))
        .values_list("source_index", "pk")[:SHOWN]
        for index, source in enumerate(sources)
        if allowed[index]
    ]
    found: dict[int, list[Any]] = {}
    for index, pk in firsts[0].union(*firsts[1:], all=True):
        found.setdefault(index, []).append(pk)
    return [
        None
        if not allowed[index]
        else source.group(source.matching(user, query).filter(pk__in=found[index]))
        if index in found
        else Group(source.kind, ())
        for index, source in enumerate(sources)
    ]


def search(user: AnyUser, query: str) -> list[Group]:
    """The groups of records that match `query`, in the sources' order; empty groups left out."""
    query = " ".join(query.split())
    if len(query) < MIN_LENGTH:
        return []
    ordered = [source for _order, source in sorted(_sources, key=lambda entry: entry[0])]
    models = [source for source in ordered if isinstance(source, ModelSource)]
    model_groups = iter(_model_groups(user, query, models))
    groups: Iterable[Group | None] = (
        next(model_groups) if isinstance(source, ModelSource) else source(user, query)
        for source in ordered
    )
    return [group for group in groups if group is not None and group.hits]

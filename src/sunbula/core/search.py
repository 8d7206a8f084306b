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

from django.db.models import Model, Q
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
        found = self.model.objects.visible_to(user, self.permission)  # type: ignore[attr-defined]
        condition = _containing(self.model, self.fields, query)
        found = found.filter(condition).select_related(*self.select_related)
        records = found.order_by(*self.ordering)[:SHOWN]
        hits = tuple(
            Hit(str(record), record.get_absolute_url(), self.detail(record)) for record in records
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


def search(user: AnyUser, query: str) -> list[Group]:
    """The groups of records that match `query`, in the sources' order; empty groups left out."""
    query = " ".join(query.split())
    if len(query) < MIN_LENGTH:
        return []
    groups: Iterable[Group | None] = (
        source(user, query) for _order, source in sorted(_sources, key=lambda entry: entry[0])
    )
    return [group for group in groups if group is not None and group.hits]

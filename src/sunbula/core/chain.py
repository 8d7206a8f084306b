"""A record's neighbours in the pledge-to-plate chain, for the "In the chain" block of its page.

Each app says, in its `plugins.py`, which neighbours it knows of a kind of record (supply knows
a pledge's lots; assistance knows its trace); core never imports a domain. A source returns
only records the user may see, in one or two queries, and never more than `SHOWN` of a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from sunbula.core.access import AnyUser

M = TypeVar("M", bound=Model)

# At most this many records of one kind are linked; the rest are one "more" link away.
SHOWN = 6


class Step(IntEnum):
    """Where a kind of record sits in the chain: the block lists its neighbours in this order."""

    PROJECT = 10
    CONFERENCE = 15
    PLEDGE = 20
    COMMITMENT = 30
    PAYMENT = 40
    PURCHASE = 45
    LOT = 50
    WAYBILL = 60
    INSTITUTION = 65
    CYCLE = 70
    ALLOCATION = 75
    DISTRIBUTION = 80
    TRACE = 90


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Neighbours:
    """The neighbours of one kind: their links, and where the others are when there are more."""

    step: Step
    kind: str | Promise
    links: tuple[Link, ...]
    more: bool = False
    more_url: str = ""


NeighbourSource = Callable[[AnyUser, Any], Iterable[Neighbours]]

_sources: dict[type[Model], list[NeighbourSource]] = {}


def register_neighbours(model: type[Model], source: NeighbourSource) -> None:
    sources = _sources.setdefault(model, [])
    if source not in sources:
        sources.append(source)


def neighbours_of(user: AnyUser, record: Model) -> list[Neighbours]:
    """Every registered neighbour of `record` the user may see, in the chain's order."""
    merged: dict[tuple[Step, str], Neighbours] = {}
    for source in _sources.get(type(record), []):
        for group in source(user, record):
            if not group.links:
                continue
            key = (group.step, str(group.kind))
            earlier = merged.get(key)
            merged[key] = group if earlier is None else _joined(earlier, group)
    return sorted(merged.values(), key=lambda group: group.step)


def _joined(first: Neighbours, second: Neighbours) -> Neighbours:
    """Two groups of one kind (a pledge's trace and its lots') as one."""
    return Neighbours(
        step=first.step,
        kind=first.kind,
        links=first.links + second.links,
        more=first.more or second.more,
        more_url=first.more_url or second.more_url,
    )


@dataclass(frozen=True)
class Kind:
    """How records of one kind are linked: their step, their name, their label and address."""

    step: Step
    name: str | Promise
    label: Callable[[Any], str] = str
    url: Callable[[Any], str] = field(default=lambda record: record.get_absolute_url())


def linked(kind: Kind, records: QuerySet[M] | Sequence[M], more_url: str = "") -> Neighbours:
    """The first `SHOWN` of `records` (a scoped queryset, read in one query) as one group,
    marked when there are more (and where they are listed, if a page lists them)."""
    rows = list(records[: SHOWN + 1])
    return Neighbours(
        step=kind.step,
        kind=kind.name,
        links=tuple(Link(kind.label(row), kind.url(row)) for row in rows[:SHOWN]),
        more=len(rows) > SHOWN,
        more_url=more_url,
    )


def one(kind: Kind, record: Model | None) -> list[Neighbours]:
    """A single neighbour (a foreign key the caller has already checked the user reaches)."""
    if record is None:
        return []
    return [Neighbours(kind.step, kind.name, (Link(kind.label(record), kind.url(record)),))]

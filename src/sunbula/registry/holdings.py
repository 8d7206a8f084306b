"""What the domains above the registry hold about one person, for the person's own file (a
subject access request) and for erasure.

Each such domain says, in its `plugins.py`, how to list what it holds about a person and, if
it keeps any of the person's personal data, how to forget it; the registry never imports it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Model
from django.utils.text import capfirst
from django_stubs_ext import StrOrPromise

from sunbula.core.lists import joined
from sunbula.core.models import User
from sunbula.registry.models import Person


@dataclass(frozen=True)
class Holding:
    """One table of a person's file: a title and column headings in the reader's language,
    one row per record held, each a mapping of column key to the value shown."""

    key: str
    title: StrOrPromise
    columns: Sequence[tuple[str, StrOrPromise]]
    rows: Sequence[Mapping[str, object]]

    @property
    def table(self) -> list[list[object]]:
        """The rows as lists of values in the columns' order, as a page's table shows them."""
        return [[row.get(key, "") for key, _heading in self.columns] for row in self.rows]

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": str(self.title),
            "columns": {key: str(heading) for key, heading in self.columns},
            "rows": [dict(row) for row in self.rows],
        }


def heading(model: type[Model], name: str) -> str:
    """A field's heading, by its verbose name in the reader's language."""
    return str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name)))


def shown(record: Model, name: str) -> object:
    """A field's value as the person's file shows it: a choice by its label, a day or a time
    as ISO text, a list as its items, a number as it is."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if getattr(field, "choices", None) and value:
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, list):
        return joined(value)
    return value if isinstance(value, int | float) else str(value)


def records_table(
    key: str,
    title: StrOrPromise,
    model: type[Model],
    names: Sequence[str],
    records: Iterable[Model],
) -> Holding:
    """A table of `records`, one column per field of `names`, headed by its verbose name."""
    return Holding(
        key,
        title,
        [(name, heading(model, name)) for name in names],
        [{name: shown(record, name) for name in names} for record in records],
    )


HoldingSource = Callable[[Person], Iterable[Holding]]
# Forgets the person's personal data a domain keeps (already fetched and authorised, inside
# the erasure's transaction); says what it cleared, as counts by kind of record.
Forgetting = Callable[[User, Person], Mapping[str, int]]

_sources: list[tuple[int, HoldingSource]] = []
_forgettings: list[Forgetting] = []


def register_holding(source: HoldingSource, order: int = 100) -> None:
    if all(existing is not source for _order, existing in _sources):
        _sources.append((order, source))


def register_forgetting(forgetting: Forgetting) -> None:
    if forgetting not in _forgettings:
        _forgettings.append(forgetting)


def held_elsewhere(person: Person) -> list[Holding]:
    """What the other domains hold about `person`, in the order they registered."""
    holdings: list[Holding] = []
    for _order, source in sorted(_sources, key=lambda entry: entry[0]):
        holdings.extend(source(person))
    return holdings


def forget_elsewhere(actor: User, person: Person) -> dict[str, int]:
    """Have every domain forget what it keeps of `person`'s personal data; what each cleared."""
    cleared: dict[str, int] = {}
    for forgetting in _forgettings:
        for kind, count in forgetting(actor, person).items():
            cleared[kind] = cleared.get(kind, 0) + count
    return cleared

"""Writing many rows at once: COPY on PostgreSQL, bulk statements elsewhere.

Services that record thousands of rows in one transaction (a distribution list) pass rows
as tuples of values ready for the database, in the order of the columns they name. On
PostgreSQL the primary keys are drawn from the table's sequence in one query (and read back
as a range when no other session drew from it meanwhile) and the rows streamed with COPY;
elsewhere they are saved with `bulk_create`. Either way the caller gets the new rows' ids,
in order, and no model instance is built per row on PostgreSQL.

`add_amounts` keeps a summary row (a tally) by adding to it in the database, never by
reading it first, so two transactions counting at once do not lose either's count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model

BATCH = 2000


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[Model], name: str) -> str:
    return _quoted(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def _new_ids(cursor: Any, model: type[Model], count: int) -> Sequence[int]:
    """`count` new primary keys of `model`, ascending, drawn from its sequence at once."""
    meta = model._meta
    assert meta.pk is not None  # noqa: S101 — every model has one
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
    sequence = cursor.fetchone()[0]
    # Sequence values are unique: when the lowest and highest of ours span exactly `count`
    # values, they are all ours and the range says it without sending them back.
    cursor.execute(
        "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL "
        "ELSE array_agg(id ORDER BY id) END "
        "FROM (SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)) AS drawn",
        [sequence, count],
    )
    low, high, listed = cursor.fetchone()
    if listed is None:
        return range(int(low), int(high) + 1)
    return [int(value) for value in listed]


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ids: bool = True,
) -> Sequence[int]:
    """Insert `rows` (values of `columns`, attribute names such as `lot_id`) and return
    their new primary keys in order; with `ids=False` the database numbers them and
    nothing is returned (rows nothing else points at)."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return [int(obj.pk) for obj in made] if ids else []
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # noqa: S101 — every model has one
    table = _quoted(meta.db_table)
    listed = [_column(model, name) for name in columns]
    with connection.cursor() as cursor:
        if not ids:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(listed)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return []
        new = _new_ids(cursor, model, len(rows))
        names = ", ".join([_quoted(str(pk.column)), *listed])
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for pk_value, row in zip(new, rows, strict=True):
                copy.write_row((pk_value, *row))
    return new


def _set_from_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, add: bool
) -> None:
    """One UPDATE of `model` from the rows, COPY-loaded into a temporary table."""
    meta = model._meta
    key = _quoted(str(meta.pk.column))
    names = [_column(model, name) for name in columns]
    table = _quoted(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE sunbula_bulk_set ON COMMIT DROP AS "  # noqa: S608 — names from the model
            f"SELECT {key}, {', '.join(names)} FROM {table} WITH NO DATA"
        )
        listed = ", ".join([key, *names])
        with cursor.cursor.copy(f"COPY sunbula_bulk_set ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("ANALYZE sunbula_bulk_set")
        assignments = ", ".join(
            f"{name} = {table}.{name} + sunbula_bulk_set.{name}"
            if add
            else f"{name} = sunbula_bulk_set.{name}"
            for name in names
        )
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM sunbula_bulk_set "  # noqa: S608 — names from the model
            f"WHERE {table}.{key} = sunbula_bulk_set.{key}"
        )
        cursor.execute("DROP TABLE sunbula_bulk_set")


def update_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `columns` of many rows: each row is the primary key, then the new values."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = []
        for pk_value, *values in rows:
            obj = model(pk=pk_value, **dict(zip(columns, values, strict=True)))
            objs.append(obj)
        model._default_manager.bulk_update(objs, list(columns), batch_size=BATCH)
        return
    _set_from_rows(model, columns, rows, add=False)


def add_to_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Add to `columns` of many rows: each row is the primary key, then the amounts added."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for pk_value, *values in rows:
            model._default_manager.filter(pk=pk_value).update(
                **{name: F(name) + value for name, value in zip(columns, values, strict=True)}
            )
        return
    _set_from_rows(model, columns, rows, add=True)


def add_amounts(model: type[Model], keys: dict[str, Any], amounts: dict[str, Any]) -> None:
    """Add `amounts` to the row with `keys`, creating it on first use."""
    increments = {name: F(name) + value for name, value in amounts.items()}
    if model._default_manager.filter(**keys).update(**increments):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**keys, **amounts)
    except IntegrityError:  # another transaction created it first
        model._default_manager.filter(**keys).update(**increments)

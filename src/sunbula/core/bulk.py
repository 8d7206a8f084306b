"""Writing many rows at once: COPY on PostgreSQL, bulk statements elsewhere.

Services that record thousands of rows in one transaction (a distribution list) pass rows
as tuples of values ready for the database, in the order of the columns they name. On
PostgreSQL the primary keys are drawn from the table's sequence in one query and the rows
streamed with COPY; elsewhere they are saved with `bulk_create`. Either way the caller gets
the new rows' ids, in order, and no model instance is built per row on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH = 2000


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[Model], name: str) -> str:
    return _quoted(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert `rows` (values of `columns`, attribute names such as `lot_id`) and return
    their new primary keys in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return [int(obj.pk) for obj in made]
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # noqa: S101 — every model has one
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(rows)],
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
        names = ", ".join([_quoted(str(pk.column)), *(_column(model, name) for name in columns)])
        statement = f"COPY {_quoted(meta.db_table)} ({names}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row((pk_value, *row))
    return ids


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
        assignments = ", ".join(f"{name} = sunbula_bulk_set.{name}" for name in names)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM sunbula_bulk_set "  # noqa: S608 — names from the model
            f"WHERE {table}.{key} = sunbula_bulk_set.{key}"
        )
        cursor.execute("DROP TABLE sunbula_bulk_set")

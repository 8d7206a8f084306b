"""Writing many rows at once: COPY on PostgreSQL, bulk statements elsewhere.

Services that record thousands of rows in one transaction (a distribution list) insert them
here: on PostgreSQL the primary keys are drawn from the table's sequence in one query and
the rows are streamed with COPY, so callers still get every row's id; fields are prepared by
the model's own fields (defaults, `auto_now_add`), exactly as `save()` would store them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)
BATCH = 2000


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def bulk_insert(objs: Sequence[M]) -> list[M]:
    """Insert `objs` (unsaved, all of one model) and give each its primary key."""
    rows = list(objs)
    if not rows:
        return rows
    model = type(rows[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(rows, batch_size=BATCH)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for obj, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = list(meta.concrete_fields)
        columns = ", ".join(_quoted(str(field.column)) for field in fields)
        statement = f"COPY {_quoted(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in rows:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    ]
                )
    for obj in rows:
        obj._state.adding = False
        obj._state.db = "default"
    return rows


def bulk_set(objs: Sequence[M], fields: Sequence[str]) -> None:
    """Store the current values of `fields` of many saved rows of one model."""
    rows = list(objs)
    if not rows:
        return
    model = type(rows[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(rows, list(fields), batch_size=BATCH)
        return
    meta = model._meta
    chosen: list[Field[Any, Any]] = [meta.get_field(name) for name in fields]  # type: ignore[misc]
    key = _quoted(str(meta.pk.column))
    names = [_quoted(str(field.column)) for field in chosen]
    table = _quoted(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE sunbula_bulk_set ON COMMIT DROP AS "  # noqa: S608 — names from the model
            f"SELECT {key}, {', '.join(names)} FROM {table} WITH NO DATA"
        )
        columns = ", ".join([key, *names])
        with cursor.cursor.copy(f"COPY sunbula_bulk_set ({columns}) FROM STDIN") as copy:
            for obj in rows:
                copy.write_row(
                    [obj.pk]
                    + [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for field in chosen
                    ]
                )
        assignments = ", ".join(f"{name} = sunbula_bulk_set.{name}" for name in names)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM sunbula_bulk_set "  # noqa: S608 — names from the model
            f"WHERE {table}.{key} = sunbula_bulk_set.{key}"
        )
        cursor.execute("DROP TABLE sunbula_bulk_set")

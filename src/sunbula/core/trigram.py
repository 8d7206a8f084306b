"""Trigram indexes for the search box, made by migrations.

The search matches `UPPER(column) LIKE '%…%'` (`icontains`); on PostgreSQL a trigram index
over the same expression answers it without reading every row. SQLite has no such index and
keeps scanning, which is fine at its sizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import migrations


def trigram_indexes(table: str, indexes: Mapping[str, str]) -> migrations.RunPython:
    """A migration operation that indexes `table`'s columns by trigram: {index name: column}."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )

    def reverse(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forward, reverse)

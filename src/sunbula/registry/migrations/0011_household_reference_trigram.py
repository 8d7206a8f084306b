"""Trigram indexes for finding households by part of their reference or external id.

The search matches `UPPER(column) LIKE '%…%'`; on PostgreSQL a trigram index over the same
expression answers it without reading every household. SQLite has no such index and keeps
scanning, which is fine at its sizes.
"""

from typing import Any

from django.db import migrations

INDEXES = {
    "registry_household_reference_trgm": "reference",
    "registry_household_external_id_trgm": "external_id",
}


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_household "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def reverse(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_dedupe_run")]

    operations = [migrations.RunPython(forward, reverse)]

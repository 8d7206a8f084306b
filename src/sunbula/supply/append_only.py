"""Stock movements are append-only: the database itself refuses UPDATE and DELETE on them.

Triggers, one set per vendor, so that no code path (raw SQL, a shell, a careless admin
action) can rewrite the ledger. PostgreSQL's TRUNCATE, used to reset test databases, is a
statement that row triggers do not see.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "supply_stockmovement"
MESSAGE = "stock movements are append-only: record a correcting movement instead"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER supply_stockmovement_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER supply_stockmovement_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS supply_stockmovement_no_update;",
    "DROP TRIGGER IF EXISTS supply_stockmovement_no_delete;",
]
POSTGRESQL_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION supply_stockmovement_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER supply_stockmovement_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION supply_stockmovement_refuse();""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS supply_stockmovement_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS supply_stockmovement_refuse();",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def _forward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def _reverse(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


def append_only_ledger() -> migrations.RunPython:
    """The migration operation that puts the triggers on the ledger (and lifts them back)."""
    return migrations.RunPython(_forward, _reverse)

"""Entitlement rows keep room on their page for the update each distribution makes.

An entitlement is written once and updated when it is handed out (distributed, status),
columns no index covers: with half of each page left free, PostgreSQL rewrites the row on
its own page (a heap-only update) instead of adding an entry to each of the table's five
indexes, which is most of what a distribution list of 100,000 lines spends on its
entitlements. Other databases have no such setting.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "assistance_entitlement"


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 50)")


def reverse(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("assistance", "0004_plan_approval_reversals_lists")]

    operations = [migrations.RunPython(forward, reverse)]

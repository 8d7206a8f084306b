"""`sunbula registry_dedupe --input people.csv --output clusters.csv [--review FILE]`.

Runs the matcher on a file without touching the database.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.exports import write_csv
from sunbula.registry.matching import INPUT_COLUMNS, match


class Command(BaseCommand):
    help = "Cluster the records of a CSV file that are one person; write clusters and review pairs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", type=Path, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--review", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with options["input"].open(encoding="utf-8-sig", newline="") as source:
                reader = csv.DictReader(source)
                if "record_id" not in (reader.fieldnames or []):
                    raise CommandError("The input needs a record_id column.")
                records = [
                    {column: (row.get(column) or "") for column in INPUT_COLUMNS} for row in reader
                ]
        except (OSError, UnicodeDecodeError, csv.Error) as unreadable:
            raise CommandError(f"Cannot read the input: {unreadable}") from unreadable
        ids = [record["record_id"] for record in records]
        if len(set(ids)) != len(ids) or not all(ids):
            raise CommandError("Every record needs a record_id, each one different.")
        result = match(records)
        with options["output"].open("wb") as out:
            write_csv(
                out,
                ("record_id", "cluster_id"),
                ((record_id, result.clusters[record_id]) for record_id in ids),
            )
        if options["review"]:
            with options["review"].open("wb") as out:
                write_csv(out, ("record_id_1", "record_id_2", "score"), result.review)
        clusters = len(set(result.clusters.values()))
        self.stdout.write(
            f"{len(ids)} records, {clusters} clusters, {len(result.review)} pairs for review."
        )

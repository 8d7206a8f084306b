"""Find people registered twice.

`sunbula registry_dedupe --country AFG --as EMAIL [--inline]` checks a country's whole
registry: queued for a worker of the task queue, or run in this process with --inline.

`sunbula registry_dedupe --input people.csv --output clusters.csv [--review FILE]` runs the
matcher on a file without touching the database.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.errors import DomainError
from sunbula.core.exports import write_csv
from sunbula.core.models import Country, User
from sunbula.registry import tasks
from sunbula.registry.matching import INPUT_COLUMNS, match


class Command(BaseCommand):
    help = (
        "Check a country's registry for people registered twice (--country, --as), or cluster "
        "the records of a CSV file (--input, --output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", help="ISO 3166 alpha-3 code of the registry to check")
        parser.add_argument("--as", dest="actor", help="e-mail of the reviewer asking")
        parser.add_argument(
            "--inline", action="store_true", help="run the check here instead of on the queue"
        )
        parser.add_argument("--input", type=Path)
        parser.add_argument("--output", type=Path)
        parser.add_argument("--review", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["input"] or options["output"]:
            if not (options["input"] and options["output"]):
                raise CommandError("A file check needs both --input and --output.")
            self._file(options)
        elif options["country"] and options["actor"]:
            self._registry(options)
        else:
            raise CommandError("Give --country and --as, or --input and --output.")

    def _registry(self, options: dict[str, Any]) -> None:
        actor = User.objects.filter(email=options["actor"].lower()).first()
        country = Country.objects.filter(iso3=options["country"].upper()).first()
        if actor is None or country is None:
            raise CommandError("Unknown user or country.")
        try:
            if options["inline"]:
                run = tasks.run_check_here(actor=actor, country=country)
            else:
                run = tasks.queue_check(actor=actor, country=country)
        except DomainError as refused:
            raise CommandError(str(refused)) from refused
        if run.status == run.Status.PENDING:
            self.stdout.write(f"Check {run.pk} of {country.iso3} queued.")
        elif run.status == run.Status.FAILED:
            raise CommandError(f"Check {run.pk} failed: {run.reason}")
        else:
            self.stdout.write(
                f"Check {run.pk} of {country.iso3}: {run.records_read} records, "
                f"{run.candidate_pairs} candidate pairs, {run.merged} merged, "
                f"{run.queued} pairs for review."
            )

    def _file(self, options: dict[str, Any]) -> None:
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

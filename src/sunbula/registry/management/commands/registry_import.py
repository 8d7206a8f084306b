"""`sunbula registry_import FILE [--mapping FILE] --country AFG --as EMAIL`: import people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core import jobs
from sunbula.core.models import Country, User
from sunbula.core.reasons import reason_text
from sunbula.registry import importing


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX file (KoboToolbox layouts too); all rows or none. "
        f"Columns: {', '.join(importing.FIELDS)} (external_id and given_name required; "
        "vulnerabilities: codes or English names separated by , ; | or the Arabic comma)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", type=Path, help="column mapping, JSON or CSV")
        parser.add_argument("--country", default="AFG", help="ISO 3166 alpha-3 code")
        parser.add_argument("--as", dest="actor", required=True, help="e-mail of the importer")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor = User.objects.filter(email=options["actor"].lower()).first()
        country = Country.objects.filter(iso3=options["country"].upper()).first()
        if actor is None or country is None:
            raise CommandError("Unknown user or country.")
        try:
            mapping = importing.load_mapping(options["mapping"]) if options["mapping"] else None
            # a process of its own, like a worker's task: no cyclic collection while rows pile up
            with path.open("rb") as stream, jobs.collector_paused():
                job = importing.import_file(
                    actor=actor,
                    country=country,
                    stream=stream,
                    file_name=path.name,
                    size=path.stat().st_size,
                    mapping=mapping,
                )
        except (OSError, importing.FileRefused) as refused:
            raise CommandError(str(refused)) from refused
        if job.problems:
            for problem in job.problems:
                self.stderr.write(
                    f"line {problem['line']} {problem['column']}: {reason_text(problem)}"
                )
            raise CommandError(f"Nothing imported: {len(job.problems)} problems.")
        self.stdout.write(
            f"Imported {job.created_rows} new and {job.updated_rows} changed records."
        )

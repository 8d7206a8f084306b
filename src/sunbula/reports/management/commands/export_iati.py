"""`sunbula export_iati --output FILE.xml [--project CODE ...]`: IATI 2.03 activities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from lxml import etree

from sunbula.reports.iati import iati_rule_problems, iati_xml
from sunbula.reports.selectors import command_line_reader, iati_projects, iati_transactions


class Command(BaseCommand):
    help = "Write the projects as an IATI 2.03 activities file; refuse if a rule fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the XML file to write")
        parser.add_argument(
            "--project", action="append", default=[], metavar="CODE", help="only this project"
        )
        parser.add_argument("--user", default="", help="read as this account (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        reader = command_line_reader(options["user"])
        projects = list(iati_projects(user=reader, codes=options["project"]))
        unknown = sorted(set(options["project"]) - {project.code for project in projects})
        if unknown:
            raise CommandError(f"No such project: {', '.join(unknown)}")
        if not projects:
            raise CommandError("No project to export: an IATI file needs one activity.")
        document = iati_xml(projects, iati_transactions(user=reader, projects=projects))
        problems = iati_rule_problems(etree.fromstring(document))
        if problems:
            raise CommandError("IATI rules failed:\n" + "\n".join(problems))
        Path(options["output"]).write_bytes(document)
        self.stdout.write(f"{len(projects)} activities written to {options['output']}")

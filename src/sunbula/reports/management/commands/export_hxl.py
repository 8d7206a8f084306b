"""`sunbula export_hxl --what 4w --output FILE.csv`: the HXL-tagged 4W table (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sunbula.reports.hxl import four_w_csv, four_w_xlsx
from sunbula.reports.selectors import command_line_reader, four_w_export_rows


class Command(BaseCommand):
    help = "Write the 4W (own projects and partners' 3W rows) as HXL-tagged CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--what", choices=["4w", "3w"], default="4w")
        parser.add_argument("--output", required=True, help="a .csv or .xlsx file")
        parser.add_argument("--country", default="", help="ISO 3166 alpha-3 code")
        parser.add_argument("--user", default="", help="read as this account (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = four_w_export_rows(
            user=command_line_reader(options["user"]), country=options["country"]
        )
        output = Path(options["output"])
        content = four_w_xlsx(rows) if output.suffix.lower() == ".xlsx" else four_w_csv(rows)
        output.write_bytes(content)
        self.stdout.write(f"{len(rows)} rows written to {output}")

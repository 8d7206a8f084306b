"""`sunbula backup FILE`: the database, the uploaded documents and a manifest in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write one archive (tar; gzip when FILE ends in .gz) with the database (SQLite backup "
        "or pg_dump), the uploaded documents and a manifest of every table's checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. sunbula.tar.gz")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            backup_write(file, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error

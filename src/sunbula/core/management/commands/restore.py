"""`sunbula restore FILE`: replace the database and the documents with a backup's, and check
that every table matches the backup's manifest. Stop the server and the workers first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.backup import BackupError, backup_restore, read_manifest


class Command(BaseCommand):
    help = (
        "Restore a `sunbula backup` archive: database and documents, checked table by table "
        "against its manifest. Everything the database holds now is replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by `sunbula backup`")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--skip-key-check",
            action="store_true",
            help="restore even though the registry keys of the backup are not configured",
        )

    def handle(
        self, *args: Any, file: Path, no_input: bool, skip_key_check: bool, **options: Any
    ) -> None:
        try:
            manifest = read_manifest(file)
            if not no_input:
                answer = input(
                    f"Replace this {manifest['vendor']} database and its documents with the "
                    f"backup in {file} (Sunbula {manifest['sunbula_version']})? Type 'yes': "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            backup_restore(file, check_keys=not skip_key_check, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error

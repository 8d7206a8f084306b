"""`sunbula check_translations`: every catalogue compiles and translates every message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REQUIRED_LANGUAGES = ("ar", "fr", "ru")


class Command(BaseCommand):
    help = "Fail if a translation catalogue does not compile or has untranslated messages."

    def handle(self, *args: Any, **options: Any) -> None:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            raise CommandError("msgfmt not found: install GNU gettext (Debian: gettext).")
        problems: list[str] = []
        for locale_path in settings.LOCALE_PATHS:
            if not Path(locale_path).is_dir():
                problems.append(f"{locale_path}: no catalogues")
                continue
            for language in REQUIRED_LANGUAGES:
                for catalogue in sorted(Path(locale_path, language, "LC_MESSAGES").glob("*.po")):
                    result = subprocess.run(  # noqa: S603
                        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    report = result.stderr.strip()
                    if result.returncode != 0 or "untranslated" in report or "fuzzy" in report:
                        problems.append(f"{catalogue}: {report}")
                    else:
                        self.stdout.write(f"{catalogue}: {report}")
                if not list(Path(locale_path, language, "LC_MESSAGES").glob("*.po")):
                    problems.append(f"{locale_path}/{language}: no catalogue")
        if problems:
            raise CommandError("\n".join(problems))

"""`sunbula check_translations`: every catalogue compiles, translates every message, holds
every message the code now uses, and translates a message as every other catalogue does."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sunbula.core.deployment import PACKAGE_DIR

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
        problems += not_gathered_again(PACKAGE_DIR)
        problems += translated_otherwise([Path(path) for path in settings.LOCALE_PATHS])
        if problems:
            raise CommandError("\n".join(problems))


def not_gathered_again(package: Path) -> list[str]:
    """The catalogues that lack a message the code now uses, as `make messages` would add it:
    each is gathered again, in French, in a copy of the package, and `msgcmp` names what the
    one kept lacks (a page would show it in English)."""
    msgcmp = shutil.which("msgcmp")
    if msgcmp is None:
        return ["msgcmp not found: install GNU gettext (Debian: gettext)."]
    apps = sorted(path.parent.name for path in package.glob("*/locale"))
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch, package.name)
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        here = Path.cwd()
        try:
            for folder, ignored in [*((copy / app, []) for app in apps), (copy, apps)]:
                os.chdir(folder)
                call_command(
                    "makemessages",
                    locale=["fr"],
                    no_obsolete=True,
                    no_location=True,
                    ignore_patterns=list(ignored),
                    verbosity=0,
                )
        finally:
            os.chdir(here)
        for app in [*apps, ""]:
            catalogue = Path(app, "locale", "fr", "LC_MESSAGES", "django.po")
            result = subprocess.run(  # noqa: S603
                [msgcmp, str(package / catalogue), str(copy / catalogue)],
                capture_output=True,
                text=True,
                check=False,
            )
            gathered = (copy / catalogue).read_text(encoding="utf-8").splitlines()
            lacking = [
                _msgid_before(gathered, int(line.split(":")[1]))
                for line in result.stderr.splitlines()
                if line.endswith("this message is used but not defined...")
            ]
            if result.returncode != 0:
                problems.append(
                    f"{package / catalogue} lacks messages the code uses (make messages): "
                    + "; ".join(lacking or [result.stderr.strip()])
                )
    return problems


def _msgid_before(lines: list[str], number: int) -> str:
    """The msgid of the entry that line `number` (from 1) of a catalogue belongs to."""
    index = number - 1
    while index > 0 and not lines[index].startswith("msgid "):
        index -= 1
    return lines[index]


def translated_otherwise(locale_paths: list[Path]) -> list[str]:
    """Messages one catalogue translates otherwise than another. Django merges the catalogues
    into one, the first of LOCALE_PATHS winning, so only one translation of a message is ever
    shown: a word that needs other words in another place takes a context (`pgettext`,
    `{% translate … context … %}`)."""
    problems = []
    for language in REQUIRED_LANGUAGES:
        first: dict[tuple[str, str], tuple[Path, str]] = {}
        for locale_path in locale_paths:
            catalogue = locale_path / language / "LC_MESSAGES" / "django.po"
            if not catalogue.is_file():
                continue
            for key, text in _translations(catalogue).items():
                shown_from, shown = first.setdefault(key, (catalogue, text))
                if text != shown:
                    problems.append(
                        f"{catalogue}: {key[1]!r} is {text!r}, but {shown_from} says "
                        f"{shown!r}, which is shown; the same words, or a context"
                    )
    return problems


def _translations(catalogue: Path) -> dict[tuple[str, str], str]:
    """A catalogue's translated singular messages, by (context, message); fuzzy ones, plural
    ones and obsolete ones are left out."""
    found: dict[tuple[str, str], str] = {}
    entry: dict[str, str] = {}
    field = ""
    for line in [*catalogue.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            kept = entry.get("msgid") and entry.get("msgstr")
            if kept and not {"msgid_plural", "fuzzy"} & entry.keys():
                found[(entry.get("msgctxt", ""), entry["msgid"])] = entry["msgstr"]
            entry, field = {}, ""
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = ""
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        elif not line.startswith("#"):
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return found

"""The `sunbula` command: every operation, wrapping Django's management commands."""

from __future__ import annotations

import os
import sys

HELP = """\
usage: sunbula <command> [options]

Sunbula: programme management for food assistance, from pledge to plate.

Commands:
  demo [--no-serve] [--port N]   migrate, load the demo data, print the logins, serve
                                 with one worker beside the server (Ctrl+C stops both)
  serve [--port N] [--workers N] serve the application on 127.0.0.1 (gunicorn)
  worker [--batch]               run queued tasks (imports, reports, schedules); start
                                 several, on one machine or many, to share the work
  migrate                        bring the database schema up to date
  backup FILE                    database, uploaded documents and a checksum manifest
  restore FILE                   put a backup back, checked table by table
  check_translations             fail if a catalogue has an untranslated message
  export iati|hxl …              open-data exports (IATI 2.03 XML, HXL 3W/4W CSV)
  registry import|dedupe …       beneficiary registry: import files, find duplicates
  createsuperuser                create an administrator account
  shell                          a Python shell with Sunbula loaded
  help <command>                 options of one command

A command in two words (`sunbula export iati`) is the management command `export_iati`.
Every other Django management command works too (`sunbula help` lists them all).
Settings come from the environment: DATABASE_URL, SUNBULA_SECRET_KEY, SUNBULA_DEBUG, …
(see docs/deployment.md).
"""


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments[0] in {"-h", "--help"}:
        sys.stdout.write(HELP)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunbula.config.settings")
    if arguments[0] in {"demo", "setup"}:
        _own_secret()
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if len(arguments) >= 2 and not arguments[1].startswith("-"):
        joined = f"{arguments[0]}_{arguments[1]}"
        if joined in get_commands():
            arguments = [joined, *arguments[2:]]
    execute_from_command_line(["sunbula", *arguments])


def _own_secret() -> None:
    """A demo, or an installation set up, without SUNBULA_SECRET_KEY gets a random key in
    var/secret.key, written before the settings read it so that its server and its data
    share one key (and `sunbula serve` starts on it)."""
    from sunbula.core.deployment import ensure_demo_secret, var_dir

    if not (os.environ.get("SUNBULA_SECRET_KEY") or os.environ.get("SUNBULA_SECRET_KEY_FILE")):
        ensure_demo_secret(var_dir() / "secret.key")


if __name__ == "__main__":
    main()

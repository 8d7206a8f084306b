"""`sunbula registry_rotate_keys`: re-encrypt personal data with the newest key.

Put the new key first in SUNBULA_REGISTRY_KEYS, keep the old ones after it, run this, then
remove the old keys.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.models import User
from sunbula.registry import services


class Command(BaseCommand):
    help = "Re-encrypt every person's personal data with the first key of SUNBULA_REGISTRY_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="actor", help="e-mail of the person rotating the keys")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=options["actor"].lower()).first()
            if actor is None:
                raise CommandError("Unknown user.")
        count = services.protected_data_rotate_keys(actor=actor)
        self.stdout.write(f"Re-encrypted {count} records.")

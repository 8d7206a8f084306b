"""`sunbula learning_expire_offers`: close lapsed offers and pass each place to the next person.

Run it from cron (e.g. hourly); it is safe to run at any time and as often as you like.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sunbula.learning.services import offers_expire


class Command(BaseCommand):
    help = "Close offers of a place that have expired and offer the places to the next waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = offers_expire(actor=None)
        self.stdout.write(f"{closed} expired offers passed on.")

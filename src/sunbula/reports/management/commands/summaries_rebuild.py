"""`sunbula summaries rebuild`: derive the dashboards' summary tables from the ledgers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sunbula.assistance.services import tallies_rebuild
from sunbula.learning.services import registration_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the summary tables the dashboards and lists read, from the distributions' "
        "draws and the events' registrations."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        handed, reached = tallies_rebuild(actor=None)
        self.stdout.write(
            _("Summary tables rebuilt: %(handed)s rows of kilograms, %(reached)s of people.")
            % {"handed": handed, "reached": reached}
        )
        registrations = registration_tallies_rebuild(actor=None)
        self.stdout.write(
            _("Registrations by status counted again: %(rows)s rows.") % {"rows": registrations}
        )

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class MonitoringConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def importers(self) -> list[Registered]:
        from sunbula.monitoring.imports import PHASE_POPULATIONS
        from sunbula.monitoring.services import situation_dataset_import

        return [Registered(PHASE_POPULATIONS, situation_dataset_import)]

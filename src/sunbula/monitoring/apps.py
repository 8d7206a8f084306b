from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sunbula.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from sunbula.core.imports import register
        from sunbula.monitoring import permissions, plugins  # noqa: F401  (grants, navigation, demo)
        from sunbula.monitoring.imports import PHASE_POPULATIONS
        from sunbula.monitoring.services import situation_dataset_import

        register(PHASE_POPULATIONS, service=situation_dataset_import)

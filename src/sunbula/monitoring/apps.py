from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig


class MonitoringConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

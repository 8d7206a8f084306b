from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sunbula.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from sunbula.reports import permissions, plugins  # noqa: F401  (grants, navigation, panels)

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "sunbula.supply"
    label = "supply"
    verbose_name = _("Supply")

    def ready(self) -> None:
        from sunbula.supply import permissions, plugins  # noqa: F401  (grants, navigation, demo)

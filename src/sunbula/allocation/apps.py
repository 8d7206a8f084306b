from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "sunbula.allocation"
    label = "allocation"
    verbose_name = _("Allocation")

    def ready(self) -> None:
        from sunbula.allocation import permissions, plugins  # noqa: F401  (grants, navigation)

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "sunbula.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self) -> None:
        from sunbula.assistance import permissions, plugins  # noqa: F401  (grants, navigation, demo)
        from sunbula.assistance.imports import DISTRIBUTION_LIST
        from sunbula.assistance.services import distribution_list_upload
        from sunbula.core.imports import register

        register(DISTRIBUTION_LIST, service=distribution_list_upload)

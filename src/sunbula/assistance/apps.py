from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class AssistanceConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def importers(self) -> list[Registered]:
        from sunbula.assistance.imports import DISTRIBUTION_LIST
        from sunbula.assistance.services import distribution_list_upload

        return [Registered(DISTRIBUTION_LIST, distribution_list_upload)]

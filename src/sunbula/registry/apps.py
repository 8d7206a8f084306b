from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class RegistryConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.registry"
    label = "registry"
    verbose_name = _("Registry")

    def importers(self) -> list[Registered]:
        from sunbula.registry.importing import PEOPLE, import_file

        return [Registered(PEOPLE, import_file)]

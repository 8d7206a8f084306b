from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sunbula.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from sunbula.core.imports import register
        from sunbula.registry import permissions, plugins  # noqa: F401  (grants, navigation, demo)
        from sunbula.registry.importing import PEOPLE, import_file

        register(PEOPLE, service=import_file)

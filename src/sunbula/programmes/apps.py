from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "sunbula.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from sunbula.core.imports import register
        from sunbula.programmes import permissions, plugins, role_limits  # noqa: F401  (grants, navigation, demo)
        from sunbula.programmes.imports import THREE_W
        from sunbula.programmes.services import three_w_import

        register(THREE_W, service=three_w_import)
        role_limits.register()

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "sunbula.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from sunbula.programmes import nav, permissions, role_limits  # noqa: F401  (grants, navigation, demo)

        role_limits.register()

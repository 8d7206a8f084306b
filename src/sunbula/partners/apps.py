from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "sunbula.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        # Grants this domain's permissions; adds its navigation, home panels, timeline and demo.
        from sunbula.partners import permissions, plugins  # noqa: F401

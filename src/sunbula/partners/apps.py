from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "sunbula.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from sunbula.partners import permissions  # noqa: F401  (grants this domain's permissions)

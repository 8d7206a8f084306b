from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class ProgrammesConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def importers(self) -> list[Registered]:
        from sunbula.programmes.imports import THREE_W
        from sunbula.programmes.services import three_w_import

        return [Registered(THREE_W, three_w_import)]

    def ready(self) -> None:
        super().ready()
        from sunbula.programmes import role_limits

        role_limits.register()

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class LearningConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.learning"
    label = "learning"
    verbose_name = _("Learning")

    def importers(self) -> list[Registered]:
        from sunbula.learning.imports import ATTENDANCE_REPORT
        from sunbula.learning.services import attendance_import

        return [Registered(ATTENDANCE_REPORT, attendance_import)]

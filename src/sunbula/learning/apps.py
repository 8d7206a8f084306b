from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "sunbula.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from sunbula.core.imports import register
        from sunbula.learning import permissions, plugins  # noqa: F401  (grants, navigation, demo)
        from sunbula.learning.imports import ATTENDANCE_REPORT
        from sunbula.learning.services import attendance_import

        register(ATTENDANCE_REPORT, service=attendance_import)

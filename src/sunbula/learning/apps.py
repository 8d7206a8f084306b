from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "sunbula.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from sunbula.learning import permissions, plugins  # noqa: F401  (grants, navigation, demo)

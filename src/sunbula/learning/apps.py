from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig


class LearningConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.learning"
    label = "learning"
    verbose_name = _("Learning")

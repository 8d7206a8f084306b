from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "sunbula.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from sunbula.funding import permissions, plugins  # noqa: F401  (grants, navigation, demo)

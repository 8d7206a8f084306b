from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastingConfig(AppConfig):
    name = "sunbula.forecasting"
    label = "forecasting"
    verbose_name = _("Forecasting")

    def ready(self) -> None:
        from sunbula.forecasting import permissions, plugins  # noqa: F401  (grants, navigation)

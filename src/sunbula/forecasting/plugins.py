"""The forecast in the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.plugins import NavItem, register_nav
from sunbula.forecasting import notices  # noqa: F401  (the notice kind, for preferences)
from sunbula.forecasting.permissions import ForecastPerm

register_nav(
    NavItem(_("Pipeline forecast"), "forecasting:forecast_list", ForecastPerm.VIEW_FORECAST, 65)
)

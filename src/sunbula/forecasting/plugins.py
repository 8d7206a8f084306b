"""The forecast in the navigation and in the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.forecasting import notices  # noqa: F401  (the notice kind, for preferences)
from sunbula.forecasting.demo import load_forecasting_demo
from sunbula.forecasting.permissions import ForecastPerm

register_nav(
    NavItem(_("Pipeline forecast"), "forecasting:forecast_list", ForecastPerm.VIEW_FORECAST, 65)
)
register_demo_loader(load_forecasting_demo)

"""What each role may do with the pipeline-break forecast (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class ForecastPerm(StrEnum):
    VIEW_FORECAST = "forecasting.view_forecast"
    RUN_FORECAST = "forecasting.run_forecast"


grant(Role.ADMINISTRATOR, *ForecastPerm)
grant(Role.PROGRAMME_OFFICER, *ForecastPerm)
grant(Role.LOGISTICS_OFFICER, *ForecastPerm)
for _role in (Role.ME_OFFICER, Role.COUNTRY_FOCAL_POINT):
    grant(_role, ForecastPerm.VIEW_FORECAST)

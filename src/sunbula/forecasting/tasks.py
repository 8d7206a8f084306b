"""The forecast runs by itself each night, for every country and programme with work ahead."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.forecasting import selectors, services


@task()
def forecast_nightly() -> str:
    runs = 0
    for country, programme in selectors.forecast_targets():
        services.forecast_run(actor=None, country=country, programme=programme)
        runs += 1
    return f"{runs} forecasts"


register(
    Schedule(
        "forecasting.nightly",
        forecast_nightly,
        _("Pipeline breaks are forecast and officers told of likely ones"),
        daily_at=datetime.time(2, 15),
    )
)

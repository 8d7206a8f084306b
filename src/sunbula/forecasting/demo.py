"""Demo data: a forecast of Afghanistan as it looked a week before the Flour for Humanity
flour reached the treatment centres, so the page shows breaks the chain then foresaw.
Loading twice changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from sunbula.core.models import Country
from sunbula.forecasting.models import Forecast
from sunbula.forecasting.services import forecast_run

DEMO_AS_OF = datetime.date(2023, 5, 25)


def load_forecasting_demo(log: Callable[[str], Any]) -> None:
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is None or Forecast.objects.filter(made_on=DEMO_AS_OF).exists():
        return
    forecast_run(actor=None, country=afghanistan, as_of=DEMO_AS_OF)
    log("Forecasting: Afghanistan's pipeline as of 25 May 2023.")

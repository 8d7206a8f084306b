"""The nightly run stores a forecast of the demo and tells officers above their threshold."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from sunbula.core.models import Country, Notification, Organisation, Role
from sunbula.forecasting import services
from sunbula.forecasting.models import Forecast, ForecastMonth
from sunbula.forecasting.notices import BREAK_NOTICE
from sunbula.forecasting.tasks import forecast_nightly
from tests.conftest import make_persona

# A week before the demo's flour reaches the treatment centres in Herat and Kandahar.
BEFORE_THE_FLOUR = datetime.datetime(2023, 5, 25, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.usefixtures("demo")
def test_nightly_run_stores_the_forecast_and_tells_the_officer_once() -> None:
    afghanistan = Country.objects.get(iso3="AFG")
    iofs = Organisation.objects.get(acronym="IOFS")
    officer = make_persona(
        "forecast.officer@example.org", Role.PROGRAMME_OFFICER, iofs, [afghanistan]
    )
    # An officer of another country is not told of Afghanistan's breaks, however low the bar.
    elsewhere = make_persona(
        "kaz.officer@example.org",
        Role.PROGRAMME_OFFICER,
        iofs,
        [Country.objects.get(iso3="KAZ")],
    )
    services.break_threshold_set(
        actor=officer, user=officer, programme=None, probability=Decimal("0.5")
    )
    services.break_threshold_set(
        actor=elsewhere, user=elsewhere, programme=None, probability=Decimal("0.01")
    )
    with time_machine.travel(BEFORE_THE_FLOUR, tick=False):
        forecast_nightly.call()
    forecast = Forecast.objects.filter(country=afghanistan, programme=None).latest("pk")
    assert forecast.made_on == datetime.date(2023, 5, 25)
    assert forecast.explanation["learned"]["transit"]["defaulted"] is True  # three waybills
    breaking = ForecastMonth.objects.filter(line__forecast=forecast, p_break__gte=Decimal("0.5"))
    provinces = set(breaking.values_list("line__admin_area__p_code", flat=True))
    assert {"AF32", "AF27"} <= provinces  # Herat and Kandahar centres, nothing there yet
    assert not breaking.filter(line__admin_area__p_code="AF01").exists()  # Kabul's warehouse
    notices = Notification.objects.filter(recipient=officer, key__startswith=BREAK_NOTICE)
    assert notices.count() >= 2
    assert not Notification.objects.filter(
        recipient=elsewhere, key__startswith=BREAK_NOTICE
    ).exists()
    # The next night's run tells nothing new.
    with time_machine.travel(BEFORE_THE_FLOUR + datetime.timedelta(hours=1), tick=False):
        forecast_nightly.call()
    assert Notification.objects.filter(recipient=officer, key__startswith=BREAK_NOTICE).count() == (
        notices.count()
    )

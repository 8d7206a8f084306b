"""The country dashboard leads to the country's latest food-security analysis, for readers who
may see it; the home dashboard's agreement alert names the configured warning period."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sunbula.core.models import Country, Organisation, Role
from sunbula.monitoring.models import SituationDataset
from sunbula.reports.dashboards import home_dashboard
from tests.conftest import client_for, make_persona
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

AFGHANISTAN = "/en/reports/dashboards/countries/AFG/"


def test_the_country_dashboard_links_the_latest_analysis(flour_demo: FlourDemo) -> None:
    older = SituationDataset.objects.get(country__iso3="AFG")
    html = client_for(flour_demo.officer_afg).get(AFGHANISTAN).content.decode()
    assert f'href="{older.get_absolute_url()}"' in html
    newer = SituationDataset.objects.create(
        country=older.country,
        classification=older.classification,
        source=older.source,
        published_on=older.published_on + datetime.timedelta(days=30),
        name="Afghanistan acute food insecurity, update",
    )
    html = client_for(flour_demo.officer_afg).get(AFGHANISTAN).content.decode()
    assert f'href="{newer.get_absolute_url()}"' in html
    assert f'href="{older.get_absolute_url()}"' not in html
    assert "Latest IPC analysis" in html


def test_the_link_is_offered_only_to_readers_of_the_situation(flour_demo: FlourDemo) -> None:
    analysis = SituationDataset.objects.get(country__iso3="AFG")
    iofs = Organisation.objects.get(acronym="IOFS")
    afghanistan = Country.objects.get(iso3="AFG")
    organiser = make_persona("events@example.org", Role.EVENT_ORGANISER, iofs, [afghanistan])
    response = client_for(organiser).get(AFGHANISTAN)
    assert response.status_code == 200
    assert analysis.get_absolute_url() not in response.content.decode()
    # Kazakhstan's dashboard does not lead to Afghanistan's analysis.
    kazakh = client_for(flour_demo.director).get("/en/reports/dashboards/countries/KAZ/")
    assert kazakh.status_code == 200
    assert analysis.get_absolute_url() not in kazakh.content.decode()


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (30, "Agreements ending within 30 days"),
        (1, "Agreements ending within 1 day"),
        (90, "Agreements ending within 90 days"),
    ],
)
def test_the_agreement_alert_names_the_configured_period(
    flour_demo: FlourDemo, settings: Any, days: int, label: str
) -> None:
    settings.AGREEMENT_WARNING_DAYS = days
    labels = [str(alert.label) for alert in home_dashboard(user=flour_demo.director).alerts]
    assert label in labels
    assert [text for text in labels if text.startswith("Agreements ending")] == [label]

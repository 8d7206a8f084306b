"""A report run's page names what it reports on and links to it, and its files are named
in Latin letters whatever the language of the page they are downloaded from."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sunbula.core.models import User
from sunbula.funding.models import Pledge
from sunbula.reports import services
from sunbula.reports.models import ReportRun
from sunbula.reports.views import download_name
from tests.conftest import World, client_for
from tests.reports.kazakh_flour import kazakh_flour

pytestmark = pytest.mark.django_db


@pytest.fixture
def flour(world: World) -> Pledge:
    return kazakh_flour(world)


def _donor_run(user: User, flour: Pledge, **subject: Any) -> ReportRun:
    return services.report_request(
        actor=user, kind="donor", language="ar", donor=flour.donor, **subject
    )


def test_a_donor_report_links_to_its_donor_and_pledge_and_says_its_year(
    officer_afg: User, flour: Pledge
) -> None:
    run = _donor_run(officer_afg, flour, pledge=flour, year=2023)
    page = client_for(officer_afg).get(run.get_absolute_url()).content.decode()
    assert f'href="/en/funding/donors/{flour.donor_id}/"' in page
    assert f'href="/en/funding/pledges/{flour.pk}/"' in page
    assert "Budget year</dt><dd>2023</dd>" in page


def test_a_report_of_all_a_donors_pledges_says_so(officer_afg: User, flour: Pledge) -> None:
    run = _donor_run(officer_afg, flour)
    page = client_for(officer_afg).get(run.get_absolute_url()).content.decode()
    assert "Pledge</dt><dd>All the donor" in page


@pytest.mark.parametrize("page_language", ["ar", "ru", "fr"])
def test_the_file_name_says_which_report_in_any_language(
    officer_afg: User, flour: Pledge, page_language: str
) -> None:
    donor = _donor_run(officer_afg, flour, pledge=flour)
    governing = services.report_request(
        actor=officer_afg, kind="governing_body", language="ar", year=2023
    )
    with translation.override(page_language):
        assert download_name(donor, "pdf").startswith("sunbula-donor-report-ffh-kaz-")
        assert download_name(governing, "pdf").startswith("sunbula-governing-body-report-2023-")

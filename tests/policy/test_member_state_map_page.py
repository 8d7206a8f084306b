"""The member-state map, on the page within the budget and in the comparative report's PDF."""

from __future__ import annotations

import datetime
import gzip
from pathlib import Path

import pycountry
import pytest
from django.utils import timezone

from sunbula.core import reference
from sunbula.core import services as core_services
from sunbula.core.maps import OIC_MEMBER_STATES, layer
from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from sunbula.policy.report import render_report_pdf
from tests.conftest import World, client_for
from tests.pdf_pictures import first_page_colours

pytestmark = pytest.mark.django_db

HTML_BUDGET = 14 * 1024


def test_the_map_of_57_member_states_fits_the_page_budget(
    world: World, analyst: User, afghan_published: PolicyProfile
) -> None:
    for n, iso3 in enumerate(layer(OIC_MEMBER_STATES).shapes):  # the 57, each with a value
        country = pycountry.countries.get(alpha_3=iso3)
        record = core_services.country_upsert(
            actor=None,
            iso2=country.alpha_2,
            iso3=iso3,
            name=getattr(country, "common_name", country.name),
            name_translations={},
        )
        services.indicator_value_record(
            actor=analyst,
            country=record,
            series_code="SN_ITK_DEFC",
            year=2022,
            value=f"{n}.5",
            source="Test",
            retrieved_on=datetime.date(2025, 1, 1),
        )
    reference.load_member_states()
    response = client_for(analyst).get("/ar/policy/map/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-code=") == 57
    assert html.count("<tr data-iso3=") == 57  # the figures beside the map
    assert html.count("<circle") == 3
    # A small state's marker repeats its shape's title: hidden from screen readers, which
    # read each state once.
    assert html.count('<circle aria-hidden="true"') == 3
    # The one state with a profile links to it; the others have none to open.
    row = html.split('<tr data-iso3="AFG">')[1].split("</tr>")[0]
    assert f'<a href="{afghan_published.get_absolute_url()}">' in row
    assert html.count('<tr data-iso3="') - html.count("<td><a href=") == 56
    size = len(gzip.compress(response.content, compresslevel=6))
    assert size <= HTML_BUDGET, size


def test_the_report_pdf_shows_the_member_state_map(
    analyst: User, afghan_published: PolicyProfile, tmp_path: Path
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    painted = first_page_colours(
        render_report_pdf(snapshot.content, "en"), tmp_path, "policy-report-map-en"
    )
    # Afghanistan, the only state with a value, in the darkest band; the land around it.
    assert painted.get((0, 109, 44), 0) > 50
    assert painted.get((235, 235, 230), 0) > 500

"""The page of an analysis and its download give each row's period end and population
analysed, as the API does: the figures the phases are checked against are in view."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import User
from sunbula.monitoring import services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

FILE = (
    b"adm1_pcode,date_start,date_end,population_analysed,phase1,phase2,phase3,phase4,phase5\n"
    b"AF01,2024-11-01,2025-03-31,7500,1000,2000,3000,1500,0\n"
)


def test_the_page_and_its_download_show_the_period_end_and_the_population_analysed(
    world: World, me_officer_afg: User
) -> None:
    dataset = services.situation_dataset_import(
        actor=me_officer_afg,
        country=world.afghanistan,
        name="Test analysis",
        classification="ipc",
        source="Test",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=FILE,
    ).dataset
    client = client_for(me_officer_afg)
    page = client.get(f"/en/monitoring/{dataset.pk}/").content.decode()
    assert '<th scope="col">To</th><th scope="col">Population analysed</th>' in page
    cells = re.sub(r"<[^>]+>", " ", page.split("<tbody>")[1])
    assert "Mar 31, 2025 ( 11 Hamal 1404 SH ) 7,500 1,000" in " ".join(cells.split())
    answer = client.get(f"/en/monitoring/{dataset.pk}/?format=csv")
    download = b"".join(answer.streaming_content).decode("utf-8-sig")
    header, row = download.splitlines()[:2]
    assert header.startswith("Admin area,Period,From,To,Population analysed,Phase 1,")
    assert ",2024-11-01,2025-03-31,7500,1000," in row
    api = client.get(f"/api/v1/phase-populations/?dataset={dataset.pk}").json()
    [answer] = api["results"] if isinstance(api, dict) else api
    assert (answer["period_end"], answer["analysed"]) == ("2025-03-31", 7500)

"""The province map, all 34 provinces drawn with their figures and the table beside it, within
the page budget, in English and in Arabic."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.urls import reverse

from sunbula.core import reference
from sunbula.core.maps import AFGHANISTAN_PROVINCES, layer
from sunbula.core.models import User
from sunbula.monitoring import services
from sunbula.monitoring.models import SituationDataset
from tests.conftest import World, client_for
from tests.monitoring.conftest import HXL_HEADER

pytestmark = pytest.mark.django_db

HTML_BUDGET = 14 * 1024


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_map_of_34_provinces_with_figures_fits_the_page_budget(
    world: World, me_officer_afg: User, language: str
) -> None:
    reference.load_admin_areas(world.afghanistan)
    rows = "".join(
        f"{p_code},2024-11-01,{1000 * n},200000,{30000 * n},{9000 * n},0,{39000 * n}\n"
        for n, p_code in enumerate(sorted(layer(AFGHANISTAN_PROVINCES).shapes), start=1)
    )
    dataset = services.situation_dataset_import(
        actor=me_officer_afg,
        country=world.afghanistan,
        name="Afghanistan IPC, every province",
        classification="ipc",
        source="Test file",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=(HXL_HEADER + rows).encode(),
    ).dataset
    url = reverse("monitoring:dataset_map", args=[dataset.pk]).replace("/en/", f"/{language}/")
    response = client_for(me_officer_afg).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-code=") == 34
    assert html.count("<title") == 1 + 1 + 34  # the page, the map, each province
    assert html.count("<tr data-p-code=") == 34  # the figures beside the map
    size = len(gzip.compress(response.content, compresslevel=6))
    assert size <= HTML_BUDGET, size


def test_the_map_leads_back_to_the_analysis_it_draws(
    me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    dataset_url = f"/en/monitoring/{afghan_dataset.pk}/"
    page = client_for(me_officer_afg).get(f"{dataset_url}map/").content.decode()
    assert f'<h1><a href="{dataset_url}">Afghanistan IPC test analysis</a>' in page

"""The province map, all 34 provinces drawn, with its table beside it, within the page budget."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from sunbula.core import reference
from sunbula.core.models import User
from sunbula.monitoring.models import SituationDataset
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

HTML_BUDGET = 14 * 1024


def test_the_province_map_of_34_provinces_fits_the_page_budget(
    world: World, me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    reference.load_admin_areas(world.afghanistan)
    response = client_for(me_officer_afg).get(
        reverse("monitoring:dataset_map", args=[afghan_dataset.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-code=") == 34
    assert "<table>" in html.split('<svg class="map"')[1]  # the figures beside the map
    size = len(gzip.compress(response.content, compresslevel=6))
    assert size <= HTML_BUDGET, size

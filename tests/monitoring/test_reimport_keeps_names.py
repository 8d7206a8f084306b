"""A file that adds a period to an analysis already imported keeps what the page cannot say:
the analysis's names in other languages and whether its figures are illustrative."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.monitoring import services
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from tests.conftest import World, client_for
from tests.monitoring.conftest import GOOD_HXL

pytestmark = pytest.mark.django_db

NAMES = {"ar": "تحليل تجريبي", "fr": "Analyse d'essai", "ru": "Пробный анализ"}


def test_a_projection_imported_on_the_page_keeps_the_names(
    world: World, me_officer_afg: User
) -> None:
    services.situation_dataset_import(
        actor=me_officer_afg,
        country=world.afghanistan,
        name="Test analysis",
        name_translations=NAMES,
        classification="ipc",
        source="Test",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=GOOD_HXL,
        is_illustrative=True,
    )
    answer = client_for(me_officer_afg).post(
        "/en/monitoring/import/",
        {
            "country": "AFG",
            "name": "Test analysis",
            "classification": "ipc",
            "source": "Test",
            "published_on": "2024-11-15",
            "period_type": "first_projection",
            "file": SimpleUploadedFile("ipc.csv", GOOD_HXL, content_type="text/csv"),
        },
    )
    assert answer.status_code == 302
    dataset = SituationDataset.objects.get()
    assert dataset.name_translations == NAMES
    assert dataset.is_illustrative
    assert PhasePopulation.objects.filter(dataset=dataset).count() == 4


def test_a_new_analysis_has_no_other_names_and_is_not_illustrative(
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
        content=GOOD_HXL,
    ).dataset
    dataset.refresh_from_db()
    assert (dataset.name_translations, dataset.is_illustrative) == ({}, False)

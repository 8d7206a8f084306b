"""Every situation page renders in the four interface languages, translated, in few queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.monitoring.models import SituationDataset
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# A heading of each page and its translation.
HEADINGS = {
    "en": ("Food-security situation", "Import a dataset"),
    "ar": ("الوضع الغذائي", "استيراد مجموعة بيانات"),
    "fr": ("Situation de la sécurité alimentaire", "Importer un jeu de données"),
    "ru": ("Продовольственная ситуация", "Импорт набора данных"),
}


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_pages_speak_the_language(
    language: str, me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(me_officer_afg)
    listing, importing = HEADINGS[language]
    pages = {
        f"/{language}/monitoring/": listing,
        f"/{language}/monitoring/import/": importing,
        f"/{language}/monitoring/{afghan_dataset.pk}/": "AF32",
        f"/{language}/monitoring/{afghan_dataset.pk}/map/": "AF32",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


def test_the_list_page_runs_a_fixed_number_of_queries(
    me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(me_officer_afg)
    client.get("/en/monitoring/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/monitoring/").status_code == 200
    assert len(queries) <= 8, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    ("language", "figure"),
    [("en", "3,000"), ("fr", "3\u202f000"), ("ru", "3\u00a0000"), ("ar", "3,000")],
)
def test_the_dataset_page_writes_phase_populations_as_the_reader_reads_figures(
    language: str, figure: str, me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    html = client_for(me_officer_afg).get(f"/{language}/monitoring/{afghan_dataset.pk}/")
    page = html.content.decode()
    assert f"<td><bdi>{figure}</bdi></td>" in page
    assert "<td>3000</td>" not in page

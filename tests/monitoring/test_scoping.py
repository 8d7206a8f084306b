"""Situation pages and endpoints: each officer sees her own countries; readers cannot import."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.monitoring.models import SituationDataset
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _urls(dataset: SituationDataset) -> list[str]:
    return [
        f"/en/monitoring/{dataset.pk}/",
        f"/en/monitoring/{dataset.pk}/map/",
        f"/api/v1/situation-datasets/{dataset.pk}/",
    ]


def test_an_officer_in_afghanistan_sees_the_afghan_dataset(
    officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(officer_afg)
    for url in _urls(afghan_dataset):
        assert client.get(url).status_code == 200, url
    rows = client.get(f"/api/v1/phase-populations/?dataset={afghan_dataset.pk}").json()
    assert rows["count"] == 2


def test_an_officer_in_kazakhstan_does_not(
    officer_kaz: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(officer_kaz)
    for url in _urls(afghan_dataset):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/situation-datasets/").json()["count"] == 0
    assert client.get("/api/v1/phase-populations/").json()["count"] == 0
    assert "Afghanistan IPC test analysis" not in client.get("/en/monitoring/").content.decode()


def test_someone_without_a_role_is_refused(
    outsider: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(outsider)
    assert client.get("/en/monitoring/").status_code == 403
    assert client.get(f"/en/monitoring/{afghan_dataset.pk}/").status_code == 403
    assert client.get("/api/v1/phase-populations/").status_code == 403


def test_a_reader_may_not_import(officer_afg: User, afghan_dataset: SituationDataset) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/monitoring/import/").status_code == 403
    response = client.post("/api/v1/situation-datasets/import_file/", {})
    assert response.status_code == 403


def test_an_importer_may_not_import_for_another_country(
    me_officer_afg: User, world: object
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.monitoring.conftest import GOOD_HXL

    response = client_for(me_officer_afg).post(
        "/api/v1/situation-datasets/import_file/",
        {
            "country": "KAZ",
            "name": "Elsewhere",
            "classification": "ipc",
            "source": "Test",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", GOOD_HXL),
        },
    )
    assert response.status_code == 403
    assert not SituationDataset.objects.filter(name="Elsewhere").exists()

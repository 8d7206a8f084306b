"""An analysis published on a day still to come is a mistyped year: the page names the field,
the API answers 400, and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sunbula.core.models import User
from sunbula.monitoring.models import SituationDataset
from tests.conftest import World, client_for
from tests.monitoring.conftest import GOOD_HXL

pytestmark = pytest.mark.django_db

MESSAGE = "An analysis cannot be published in the future; check the year."


def _form(published_on: datetime.date) -> dict[str, object]:
    return {
        "country": "AFG",
        "name": "Test analysis",
        "classification": "ipc",
        "source": "Test",
        "published_on": published_on.isoformat(),
        "period_type": "current",
        "file": SimpleUploadedFile("ipc.csv", GOOD_HXL, content_type="text/csv"),
    }


def test_the_page_and_the_api_refuse_a_publication_day_to_come(
    world: World, me_officer_afg: User
) -> None:
    next_year = timezone.localdate() + datetime.timedelta(days=366)
    client = client_for(me_officer_afg)
    page = client.post("/en/monitoring/import/", _form(next_year))
    assert page.status_code == 422
    assert MESSAGE in page.content.decode()
    api = client.post("/api/v1/situation-datasets/import_file/", _form(next_year))
    assert api.status_code == 400
    assert api.json() == {"published_on": [MESSAGE]}
    assert not SituationDataset.objects.exists()
    today = client.post("/en/monitoring/import/", _form(timezone.localdate()))
    assert today.status_code == 302

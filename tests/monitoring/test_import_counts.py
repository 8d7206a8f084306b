"""A count of people too large for any area, or not a plain number, is named with its line
and column on the page and the API: never a server error, nothing written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from tests.conftest import World, client_for
from tests.monitoring.conftest import HXL_HEADER

pytestmark = pytest.mark.django_db

# Line 3: phase 5 (and so phase 3+) beyond what a count holds; line 4: three thousand
# million, beyond PostgreSQL's integer; line 5: digits that are not ASCII digits.
TOO_MANY = (
    HXL_HEADER
    + "AF01,2024-11-01,1000,2000,3000,1500,100000000000000000000,100000000000000004500\n"
    + "AF32,2024-11-01,1000,2000,3000,1500,3000000000,3000004500\n"
    + "AF01,2024-12-01,1000,2000,3000,1500,0,\u0664\u0665\u0660\u0660\n"
).encode()
FORM = {
    "country": "AFG",
    "name": "Test analysis",
    "classification": "ipc",
    "source": "Test",
    "published_on": "2024-11-15",
    "period_type": "current",
}


def test_the_page_names_each_count_too_large(world: World, me_officer_afg: User) -> None:
    answer = client_for(me_officer_afg).post(
        "/en/monitoring/import/",
        {**FORM, "file": SimpleUploadedFile("ipc.csv", TOO_MANY, content_type="text/csv")},
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert (
        "<td>3</td><td>Phase 5: 100000000000000000000 is more people than a count can hold "
        "(at most 2,147,483,647).</td>"
    ) in page
    assert "<td>4</td><td>Phase 5: 3000000000 is more people" in page
    assert "<td>5</td><td>Phase 3+ must be a whole number of people, not “٤٥٠٠”.</td>" in page
    assert not SituationDataset.objects.exists()
    assert not PhasePopulation.objects.exists()


def test_the_api_names_each_count_too_large(world: World, me_officer_afg: User) -> None:
    answer = client_for(me_officer_afg).post(
        "/api/v1/situation-datasets/import_file/",
        {**FORM, "file": SimpleUploadedFile("ipc.csv", TOO_MANY, content_type="text/csv")},
    )
    assert answer.status_code == 422
    assert [row["line"] for row in answer.json()["rows"]] == [3, 4, 5]
    assert not SituationDataset.objects.exists()

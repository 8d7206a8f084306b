"""A partner's HXL 3W table: all rows or none, bad rows by line; it joins the 4W and overlaps."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import ThreeWActivity, ThreeWImport
from sunbula.programmes.selectors import four_w_matrix, four_w_rows, overlap_list
from sunbula.programmes.services import ThreeWImportError
from tests.conftest import Projects, World, client_for
from tests.programmes.conftest import GOOD

pytestmark = pytest.mark.django_db

BAD = b"""#org+name,#sector,#activity,#adm1+code,#date+start,#date+end,#targeted
World Food Programme,72040,Food distribution,AF32,2023-06-01,2024-03-31,5000
,72040,Nobody,AF32,2023-06-01,2024-03-31,10
Herat NGO,99999,Something,AF99,2023-13-01,2023-05-31,many
"""


def test_bad_rows_are_named_by_line_and_nothing_is_written(world: World, admin: User) -> None:
    with pytest.raises(ThreeWImportError) as refused:
        services.three_w_import(
            actor=admin, country=world.afghanistan, file_name="bad.csv", content=BAD
        )
    problems = refused.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("Line 3:") and "#org+name is empty" in problems[0]
    assert problems[1].startswith("Line 4:")
    for reason in ("99999", "AF99", "2023-13-01", "many"):
        assert reason in problems[1]
    assert not ThreeWImport.objects.exists()
    assert not ThreeWActivity.objects.exists()


def test_imported_rows_show_in_the_matrix_and_the_planted_overlap_is_flagged(
    projects: Projects, admin: User, world: World
) -> None:
    services.three_w_import(
        actor=admin, country=world.afghanistan, file_name="wfp-3w.csv", content=GOOD
    )
    rows = four_w_rows(user=admin)
    matrix = four_w_matrix(rows)
    herat = next(row for row in matrix.rows if row.adm1_code == "AF32")
    cell = herat.cells[matrix.sectors.index("72040")]
    assert cell == ["Islamic Organization for Food Security", "World Food Programme"]
    overlaps = overlap_list(user=admin)
    assert len(overlaps) == 1
    found = overlaps[0]
    assert (found.adm1_code, found.sector) == ("AF32", "72040")
    assert {found.first.organisation, found.second.organisation} == {
        "Islamic Organization for Food Security",
        "World Food Programme",
    }
    assert str(found.overlap_start) == "2023-06-01"
    # The seed-fair row shares no sector with a project: no overlap for it.
    assert all(item.sector != "31150" for item in overlaps)


def test_importing_the_same_file_again_changes_nothing(world: World, admin: User) -> None:
    first = services.three_w_import(
        actor=admin, country=world.afghanistan, file_name="a.csv", content=GOOD
    )
    entries = AuditEntry.objects.count()
    again = services.three_w_import(
        actor=admin, country=world.afghanistan, file_name="a.csv", content=GOOD
    )
    assert again == first
    assert ThreeWActivity.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_the_import_page_reports_lines_and_the_matrix_page_shows_the_rows(
    projects: Projects, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    bad = client.post(
        "/en/programmes/4w/import/",
        {"country": "AFG", "file": SimpleUploadedFile("bad.csv", BAD, "text/csv")},
    )
    assert bad.status_code == 422
    assert "Line 3:" in bad.content.decode()
    good = client.post(
        "/en/programmes/4w/import/",
        {"country": "AFG", "file": SimpleUploadedFile("wfp.csv", GOOD, "text/csv")},
    )
    assert good.status_code == 302
    page = client.get("/en/programmes/4w/").content.decode()
    assert "World Food Programme" in page
    assert page.count('class="overlap"') == 1


def test_the_import_api_answers_422_with_the_lines(world: World, officer_afg: User) -> None:
    response = client_for(officer_afg).post(
        "/api/v1/4w/import/",
        {"country": "AFG", "file": SimpleUploadedFile("bad.csv", BAD, "text/csv")},
    )
    assert response.status_code == 422
    assert response.json()["problems"][0].startswith("Line 3:")


def test_an_officer_cannot_import_for_another_country(world: World, officer_kaz: User) -> None:
    response = client_for(officer_kaz).post(
        "/en/programmes/4w/import/",
        {"country": "AFG", "file": SimpleUploadedFile("wfp.csv", GOOD, "text/csv")},
    )
    assert response.status_code == 422
    assert not ThreeWImport.objects.exists()

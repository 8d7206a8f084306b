"""Importing IPC / CH phase populations: HXL and plain CSV, every bad row named, all or nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.monitoring import services
from sunbula.monitoring.imports import ImportRejected
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from tests.conftest import World, client_for
from tests.monitoring.conftest import GOOD_HXL, HXL_HEADER

pytestmark = pytest.mark.django_db

BAD_HXL = (
    HXL_HEADER
    + "AF01,2024-11-01,1000,2000,3000,1500,0,4500\n"  # line 3: fine
    + "AF99,2024-11-01,1,1,1,1,0,2\n"  # line 4: unknown p-code
    + "AF32,2024-13-01,1,1,1,1,0,2\n"  # line 5: bad date
    + "AF32,2024-11-01,1,many,1,1,0,2\n"  # line 6: not a number
    + "AF32,2024-11-01,1,1,1,1,0,7\n"  # line 7: phase 3+ does not add up
).encode()


def _import(world: World, actor: User, content: bytes, classification: str = "ipc") -> object:
    return services.situation_dataset_import(
        actor=actor,
        country=world.afghanistan,
        name="Test analysis",
        classification=classification,
        source="Test",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=content,
    )


def test_an_hxl_file_is_imported(world: World, me_officer_afg: User) -> None:
    _import(world, me_officer_afg, GOOD_HXL)
    kabul = PhasePopulation.objects.get(admin_area=world.kabul)
    assert (kabul.phase3, kabul.phase4, kabul.phase3plus) == (3000, 1500, 4500)
    assert kabul.area_phase == 4  # 1,500 of 7,500 people (20 %) are in phase 4 or worse
    hirat = PhasePopulation.objects.get(admin_area=world.hirat)
    assert hirat.area_phase == 2  # phase 3 or worse is 1,500 of 8,500 (under 20 %)


def test_every_bad_row_is_named_and_nothing_is_written(world: World, me_officer_afg: User) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, me_officer_afg, BAD_HXL)
    assert [error.line for error in rejected.value.errors] == [4, 5, 6, 7]
    messages = [error.message for error in rejected.value.errors]
    assert "AF99" in messages[0]
    assert "2024-13-01" in messages[1]
    assert "many" in messages[2]
    assert messages[3] == "Phase 3+ is 7 but phases 3 to 5 add up to 2."
    assert not SituationDataset.objects.exists()
    assert not PhasePopulation.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_repeated_area_and_period_names_the_line_it_first_appeared_on(
    world: World, me_officer_afg: User
) -> None:
    content = (
        HXL_HEADER
        + "AF01,2024-11-01,1000,2000,3000,1500,0,4500\n"  # line 3: first
        + "AF01,2024-12-01,1000,2000,3000,1500,0,4500\n"  # line 4: another period
        + "AF01,2024-11-01,1,1,1,1,0,7\n"  # line 5: bad, and not counted as a repeat
        + "af01,2024-11-01,1000,2000,3000,1500,0,4500\n"  # line 6: repeats line 3
        + "AF32,2024-11-01,4000,3000,1000,500,0,1500\n"  # line 7: fine
        + "AF01,2024-11-01,900,2000,3000,1500,0,4500\n"  # line 8: repeats line 3
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, me_officer_afg, content)
    assert [(error.line, error.message) for error in rejected.value.errors] == [
        (5, "Phase 3+ is 7 but phases 3 to 5 add up to 2."),
        (6, "This area and period already appear on line 3."),
        (8, "This area and period already appear on line 3."),
    ]
    assert not PhasePopulation.objects.exists()


def test_importing_the_same_file_again_changes_nothing(world: World, me_officer_afg: User) -> None:
    _import(world, me_officer_afg, GOOD_HXL)
    audit_before = AuditEntry.objects.count()
    _import(world, me_officer_afg, GOOD_HXL)
    assert PhasePopulation.objects.count() == 2
    assert AuditEntry.objects.count() == audit_before


def test_cadre_harmonise_tags_and_plain_csv_are_read(world: World, me_officer_afg: User) -> None:
    ch = (
        b"#adm1+code,#date+start,#affected+ch+food+p1+num,#affected+ch+food+p2+num,"
        b"#affected+ch+food+p3+num,#affected+ch+food+p4+num,#affected+ch+food+p5+num\n"
        b"AF01,2024-06-01,10,20,30,0,0\n"
    )
    _import(world, me_officer_afg, ch, classification="ch")
    plain = b"adm1_pcode,date_start,phase1,phase2,phase3,phase4,phase5,phase35\nAF32,2024-06-01,5,5,5,5,0,10\n"
    _import(world, me_officer_afg, plain)
    assert PhasePopulation.objects.count() == 2


def test_ipc_tags_do_not_fill_a_cadre_harmonise_dataset(world: World, me_officer_afg: User) -> None:
    with pytest.raises(ImportRejected) as rejected:
        _import(world, me_officer_afg, GOOD_HXL, classification="ch")
    assert rejected.value.errors[0].line == 2  # the hashtag row


def test_the_page_lists_bad_rows_by_line(world: World, me_officer_afg: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(me_officer_afg).post(
        "/en/monitoring/import/",
        {
            "country": "AFG",
            "name": "Test analysis",
            "classification": "ipc",
            "source": "Test",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", BAD_HXL, content_type="text/csv"),
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<td>4</td><td>Unknown p-code “AF99”.</td>" in page
    assert "4 rows are wrong" in page
    assert not PhasePopulation.objects.exists()


def test_the_api_answers_422_with_every_bad_row(world: World, me_officer_afg: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(me_officer_afg).post(
        "/api/v1/situation-datasets/import_file/",
        {
            "country": "AFG",
            "name": "Test analysis",
            "classification": "ipc",
            "source": "Test",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", BAD_HXL, content_type="text/csv"),
        },
    )
    assert response.status_code == 422
    assert [row["line"] for row in response.json()["rows"]] == [4, 5, 6, 7]
    assert not SituationDataset.objects.exists()


def _post(client: Client, content: bytes) -> Any:
    """The import page's answer to `content`, following it to the dataset once imported."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/en/monitoring/import/",
        {
            "country": "AFG",
            "name": "Test analysis",
            "classification": "ipc",
            "source": "Test",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", content, content_type="text/csv"),
        },
        follow=True,
    )


def test_a_sum_that_does_not_add_up_is_written_as_a_figure(
    world: World, me_officer_afg: User
) -> None:
    content = (HXL_HEADER + "AF01,2024-11-01,1000,2000,1000000,500000,0,9\n").encode()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, me_officer_afg, content)
    assert [error.message for error in rejected.value.errors] == [
        "Phase 3+ is 9 but phases 3 to 5 add up to 1,500,000."
    ]


def test_a_period_ending_before_it_starts_is_refused_on_its_end(
    world: World, me_officer_afg: User
) -> None:
    content = (
        b"adm1_pcode,date_start,date_end,phase1,phase2,phase3,phase4,phase5\n"
        b"AF01,2024-11-01,2024-10-31,1,1,1,1,0\n"
    )
    response = _post(client_for(me_officer_afg), content)
    assert response.status_code == 422
    assert "<td>2</td><td>This cannot come before" in response.content.decode()
    assert not PhasePopulation.objects.exists()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, me_officer_afg, content)
    [problem] = rejected.value.errors
    assert problem.column == "period end"


def test_the_page_counts_the_rows_read_in_the_plural_it_needs(
    world: World, me_officer_afg: User
) -> None:
    content = (HXL_HEADER + "AF01,2024-11-01,1000,2000,3000,1500,0,4500\n").encode()
    response = _post(client_for(me_officer_afg), content)
    assert "1 row read: 1 new, 0 changed." in response.content.decode()

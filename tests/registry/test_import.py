"""Imports: malformed files are refused with a clear report, nothing written, never a 500."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.core.worker import run_pending
from sunbula.registry import importing
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

GOOD = (
    "external_id,given_name,family_name,sex,birth_date,phone,admin_area\n"
    "K-1,Fatima,Karimi,F,1990-02-03,+93 700 111 222,AF32\n"
    "K-2,محمد,احمدزی,M,1975,,AF01\n"
)


def _post(user: User, world: World, name: str, content: bytes) -> tuple[int, ImportJob | None]:
    upload = SimpleUploadedFile(name, content)
    response = client_for(user).post(
        "/en/registry/imports/", {"country": world.afghanistan.pk, "file": upload}
    )
    run_pending()  # what the background worker does, called here directly
    return response.status_code, ImportJob.objects.order_by("-id").first()


def _refused(user: User, world: World, name: str, content: bytes, words: str) -> None:
    status, job = _post(user, world, name, content)
    assert status == 302
    assert job is not None and job.status == "failed"
    assert Person.objects.count() == 0
    report = " ".join(f"{p['line']} {p['column']} {p['message']}" for p in job.problems)
    assert words in report, report
    page = client_for(user).get(f"/en/registry/imports/{job.pk}/")
    assert page.status_code == 200


def test_a_good_file_is_imported_once(officer_afg: User, world: World) -> None:
    _status, job = _post(officer_afg, world, "people.csv", GOOD.encode())
    assert job is not None and job.status == "succeeded" and job.created_rows == 2
    _status, again = _post(officer_afg, world, "people.csv", GOOD.encode())
    assert again is not None and again.created_rows == 0 and again.updated_rows == 0
    assert Person.objects.count() == 2


def test_kobo_xml_names_with_a_mapping(officer_afg: User, world: World) -> None:
    content = b"_uuid,group_a/respondent_name,group_a/dob\nu1,Zahra,2001\n"
    mapping = SimpleUploadedFile("map.json", b'{"respondent_name": "given_name"}')
    upload = SimpleUploadedFile("kobo.csv", content)
    client_for(officer_afg).post(
        "/en/registry/imports/",
        {"country": world.afghanistan.pk, "file": upload, "mapping": mapping},
    )
    run_pending()
    assert Person.objects.get().external_id == "u1"


def test_wrong_encoding(officer_afg: User, world: World) -> None:
    _refused(officer_afg, world, "p.csv", GOOD.encode("utf-16"), "UTF-8")


def test_missing_required_columns(officer_afg: User, world: World) -> None:
    _refused(officer_afg, world, "p.csv", b"family_name\nKarimi\n", "given_name")


def test_impossible_dates_name_every_line(officer_afg: User, world: World) -> None:
    content = b"external_id,given_name,birth_date\nA,Ali,1990-02-30\nB,Omar,2999\nC,Gul,1980\n"
    _status, job = _post(officer_afg, world, "p.csv", content)
    assert job is not None and [p["line"] for p in job.problems] == [2, 3]
    assert Person.objects.count() == 0


def test_formula_injection(officer_afg: User, world: World) -> None:
    content = b"external_id,given_name\nA,=cmd|' /C calc'!A0\n"
    _refused(officer_afg, world, "p.csv", content, "2 given_name")


def test_oversize_file(officer_afg: User, world: World) -> None:
    content = b"external_id,given_name\n" + b"A,B\n" * (importing.MAX_FILE_BYTES // 4 + 10)
    _refused(officer_afg, world, "big.csv", content, "limit")


def test_xlsx_zip_bomb(officer_afg: User, world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    _refused(officer_afg, world, "bomb.xlsx", buffer.getvalue(), "unsafe")


def test_a_good_xlsx(officer_afg: User, world: World) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Record ID", "Given name", "Birth date"])
    sheet.append(["X-1", "Maryam", "1999-09-09"])
    buffer = io.BytesIO()
    book.save(buffer)
    _status, job = _post(officer_afg, world, "p.xlsx", buffer.getvalue())
    assert job is not None and job.status == "succeeded", job and job.problems


def test_command_line_import(officer_afg: User, world: World, tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import call_command

    path = Path(str(tmp_path)) / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("registry_import", str(path), "--as", officer_afg.email, "--country", "AFG")
    assert Person.objects.count() == 2

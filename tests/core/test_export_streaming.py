"""A list download streams: its rows are read in chunks into a file that moves to disk once
it grows, and the response streams that file; the bytes are the same as the table's own,
with the byte-order mark, neutralised formulas and masked personal data."""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from django.http import FileResponse
from django.test import RequestFactory
from openpyxl import load_workbook

from sunbula.core import exports
from sunbula.core.models import User
from sunbula.registry import services
from sunbula.registry.protection import MASK
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

FORMULA = "=cmd|' /C calc'!A0"
COLUMNS = [
    exports.Column[tuple[int, str]]("Number", lambda row: row[0]),
    exports.Column[tuple[int, str]]("Text", lambda row: row[1]),
]
ROWS = [(number, FORMULA if number % 7 == 0 else f"Row {number}") for number in range(50)]


def _content(response: FileResponse) -> bytes:
    assert isinstance(response, FileResponse) and response.streaming
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def test_a_csv_download_streams_the_same_bytes_as_the_table() -> None:
    request = RequestFactory().get("/", {"format": "csv"})
    response = exports.download(request, iter(ROWS), COLUMNS, stem="rows", count=len(ROWS))
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = _content(response)
    table = exports.Table(["Number", "Text"], [list(row) for row in ROWS])
    assert content == exports.table_bytes("csv", table)
    assert content.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[1] == ["0", "'" + FORMULA] and lines[2] == ["1", "Row 1"]
    assert len(lines) == len(ROWS) + 1


def test_an_xlsx_download_streams_text_cells_for_formulas() -> None:
    request = RequestFactory().get("/", {"format": "xlsx"})
    response = exports.download(request, iter(ROWS), COLUMNS, stem="rows", count=len(ROWS))
    assert isinstance(response, FileResponse)
    sheet = load_workbook(io.BytesIO(_content(response))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[1:] == ROWS
    assert (sheet["B2"].value, sheet["B2"].data_type) == (FORMULA, "s")


def test_a_table_larger_than_the_spool_is_written_to_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports, "SPOOL_BYTES", 256)
    small = exports.table_file("csv", exports.Table(["Text"], [["a"]]))
    large = exports.table_file("csv", exports.Table(["Text"], [[f"Row {n}"] for n in range(100)]))
    assert small.name is None  # still in memory
    assert large.name is not None  # a temporary file on disk
    assert large.read().decode("utf-8-sig").splitlines()[-1] == "Row 99"


def test_the_people_list_downloads_every_chunk_masked(
    monkeypatch: pytest.MonkeyPatch, officer_afg: User, world: World
) -> None:
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    people = [
        services.person_register(
            actor=None,
            country=world.afghanistan,
            given_name=FORMULA if number == 0 else f"Fatima{number}",
            sex="F",
        )
        for number in range(5)
    ]
    response = client_for(officer_afg).get("/en/registry/people/", {"format": "csv"})
    content = _content(response)
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row["Record"] for row in rows) == sorted(f"P-{person.pk}" for person in people)
    names = {row["Record"]: row["Name"] for row in rows}
    assert names[f"P-{people[0].pk}"] == f"'={MASK}"
    assert "Fatima" not in content.decode("utf-8-sig")

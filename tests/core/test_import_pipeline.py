"""Every registered importer refuses hostile files: a 4xx or a line-numbered problem, never a
500, and nothing written, on its page, its API, its service and its command.

The importers are taken from the import pipeline's registry: a new importer without a way
to reach it here fails the first test.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from django.core.management import CommandError
from django.http import HttpResponse

from sunbula.core import imports
from sunbula.core.errors import DomainError
from tests.core.conftest import IMPORTERS, Target

pytestmark = pytest.mark.django_db

GIANT = 200_000

# Hostile files, built once.


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)


def _entity_expansion() -> bytes:
    """A real workbook whose sheet declares the 'billion laughs' entities and uses them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["external_id", "given_name"])
    sheet.append(["K-1", "LAUGH"])
    plain = io.BytesIO()
    book.save(plain)
    hostile = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]
                data = LAUGHS + body
            if member.filename == "xl/sharedStrings.xml":
                data = LAUGHS + data.split(b"?>", 1)[-1].replace(b"LAUGH", b"&lol9;")
            target.writestr(member, data)
    return hostile.getvalue()


@pytest.fixture(scope="module")
def hostile() -> dict[str, tuple[str, bytes]]:
    return {
        "not UTF-8": ("people.csv", "external_id,given_name\nK-1,Zoë\n".encode("utf-16")),
        "latin-1": ("people.csv", "external_id,given_name\nK-1,Zoë\n".encode("latin-1")),
        "zip bomb": ("people.xlsx", _zip_bomb()),
        "entity expansion": ("people.xlsx", _entity_expansion()),
        "unclosed quote": ("broken.csv", b'a,b\n"never closed,' + b"x" * 140_000),
        "garbage": (
            "broken.csv",
            b'\x00"\r"\n,,"""\r\n' * 500 + b"," * 100_000 + b'\n\xef\xbb\xbf"""\n',
        ),
        "not a table": ("people.pdf", b"%PDF-1.4\n"),
    }


def _giant(good: bytes) -> bytes:
    return good + b"G-1," + b"a" * GIANT + b"\n"


def _oversize(target: Target, name: str) -> bytes:
    limit = imports.importers()[name].importer.limits.max_bytes
    return target.good + b"x,y\n" * (limit // 4 + 10)


def _refused_by_service(target: Target, content: bytes, file_name: str) -> None:
    before = target.counts()
    with pytest.raises(DomainError):
        target.service(content, file_name)
    assert target.counts() == before


def _refused_by(
    entry: Callable[[bytes, str], HttpResponse], target: Target, content: bytes, file_name: str
) -> HttpResponse:
    before = target.counts()
    response = entry(content, file_name)
    assert 400 <= response.status_code < 500 or response.status_code == 302, response
    assert target.counts() == before
    return response


def test_every_registered_importer_is_reached_here(targets: dict[str, Target]) -> None:
    assert IMPORTERS == sorted(imports.importers()) == sorted(targets)
    for registered in imports.importers().values():
        assert registered.importer.formats and callable(registered.service)


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_good_file_is_imported_once_and_again_changes_nothing(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    before = target.counts()
    target.service(target.good, "good.csv")
    after = target.counts()
    assert after != before
    target.service(target.good, "good.csv")
    assert target.counts() == after


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_giant_cell_is_a_problem_on_its_line(name: str, targets: dict[str, Target]) -> None:
    target = targets[name]
    importer = imports.importers()[name].importer
    content = _giant(target.good)
    giant_line = target.good.count(b"\n") + 1
    table = importer.table(content, file_name="giant.csv")
    importer.parse(table, target.context)
    assert any(problem.line == giant_line for problem in table.problems), table.problems
    _refused_by_service(target, content, "giant.csv")
    for entry in (target.page, target.api):
        if entry is not None:
            _refused_by(entry, target, content, "giant.csv")


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_file_over_the_limit_is_refused_before_it_is_read(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    content = _oversize(target, name)
    _refused_by_service(target, content, "big.csv")
    if target.page is not None:
        _refused_by(target.page, target, content, "big.csv")
    if target.api is not None:
        response = _refused_by(target.api, target, content, "big.csv")
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]
    if target.command is not None:
        before = target.counts()
        with pytest.raises(CommandError):
            target.command(content, "big.csv")
        assert target.counts() == before


@pytest.mark.parametrize("name", IMPORTERS)
@pytest.mark.parametrize(
    "kind",
    [
        "not UTF-8",
        "latin-1",
        "zip bomb",
        "entity expansion",
        "unclosed quote",
        "garbage",
        "not a table",
    ],
)
def test_a_hostile_file_is_refused_everywhere(
    name: str, kind: str, targets: dict[str, Target], hostile: dict[str, tuple[str, bytes]]
) -> None:
    target = targets[name]
    file_name, content = hostile[kind]
    _refused_by_service(target, content, file_name)
    for entry in (target.page, target.api):
        if entry is not None:
            _refused_by(entry, target, content, file_name)
    if target.command is not None:
        before = target.counts()
        with pytest.raises(CommandError):
            target.command(content, file_name)
        assert target.counts() == before


def test_the_pipeline_names_what_it_refuses(hostile: dict[str, tuple[str, bytes]]) -> None:
    def refusal(kind: str) -> str:
        file_name, content = hostile[kind]
        with pytest.raises(imports.FileRefused) as refused:
            list(imports.Table.of(content, file_name=file_name))
        return str(refused.value)

    assert "UTF-8" in refusal("not UTF-8")
    assert "UTF-8" in refusal("latin-1")
    assert "unsafe" in refusal("zip bomb")
    assert "entities" in refusal("entity expansion")
    assert ".csv" in refusal("not a table")
    table = imports.Table.of(hostile["unclosed quote"][1], file_name="broken.csv")
    assert [line for line, _cells in table] == [1]
    assert [problem.line for problem in table.problems] == [2]
    with pytest.raises(imports.FileTooLarge):
        imports.Table.of(b"a" * 11, limits=imports.Limits(max_bytes=10))


def test_rows_past_the_limit_are_a_problem_on_the_first_line_too_many() -> None:
    content = b"a,b\n" + b"1,2\n" * 5
    table = imports.Table.of(content, limits=imports.Limits(max_rows=3))
    assert [line for line, _cells in table] == [1, 2, 3, 4]
    assert [(problem.line, problem.message) for problem in table.problems] == [
        (5, "More than 3 rows; split the file.")
    ]


def test_an_over_long_cell_is_named_by_line_and_column() -> None:
    content = b"a,b\n1," + b"z" * 50 + b"\n"
    table = imports.Table.of(content, limits=imports.Limits(max_cell_chars=40))
    assert list(table) == [(1, ["a", "b"]), (2, ["1", ""])]
    assert [(problem.line, problem.column) for problem in table.problems] == [(2, "B")]


def test_xlsx_dates_and_times_read_as_text() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["day", "moment", "count"])
    moment = datetime.datetime(2024, 3, 1, 9, 30)  # noqa: DTZ001 — a spreadsheet has no zones
    sheet.append([datetime.date(2024, 3, 1), moment, 5.0])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = [cells for _line, cells in imports.Table.of(buffer.getvalue())]
    assert rows[1] == ["2024-03-01", "2024-03-01 09:30:00", "5"]

"""Sunbula writes tables and PDFs one way, and text that starts like a formula stays text.

The source is scanned for CSV, XLSX and PDF writers outside the one writer and the one PDF
renderer. Then formulas are planted in organisation names, 3W rows and pledge references, and
every export that shows them is read back: a CSV cell carries the leading apostrophe, an XLSX
cell is a string with Excel's quote prefix, and no sheet holds a formula element.
"""

from __future__ import annotations

import ast
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sunbula.core import services as core_services
from sunbula.core.models import User
from sunbula.funding import services as funding_services
from sunbula.funding.models import Pledge
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import ThreeWActivity
from tests.conftest import World, client_for

SOURCE = Path(__file__).resolve().parents[2] / "src" / "sunbula"
WRITER = "core/exports.py"
PDF_RENDERER = "core/pdf.py"
# Reading a workbook is not writing one: the import pipeline may use openpyxl's reader.
READER_PATTERNS = ("core/imports.py", "core/imports/*.py", "*/importing.py")
# The shipped XLSForms are workbooks pyxform reads; their build script writes them from the
# definitions beside it, never from anyone's data.
XLSFORM_SOURCES = "fieldforms/xlsforms/build.py"
CSV_WRITERS = {"writer", "DictWriter"}

FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=2+2",
)


# The scan


def writers_in(tree: ast.AST, relative: str) -> list[str]:
    """The places in one module that write a table or a PDF by themselves."""
    found: list[str] = []
    reader = any(Path(relative).match(pattern) for pattern in READER_PATTERNS)

    def refuse(node: ast.AST, what: str) -> None:
        found.append(f"{relative}:{getattr(node, 'lineno', 0)} {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top == "openpyxl" and relative != WRITER and not reader:
                    refuse(node, f"import {alias.name}")
                if top in ("xlsxwriter", "pyexcelerate"):
                    refuse(node, f"import {alias.name}")
                if top == "weasyprint" and relative != PDF_RENDERER:
                    refuse(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            top = (node.module or "").split(".")[0]
            names = {alias.name for alias in node.names}
            if (
                top == "openpyxl"
                and relative != WRITER
                and not (reader and names == {"load_workbook"})
            ):
                refuse(node, f"from {node.module} import {', '.join(sorted(names))}")
            if top == "csv" and names & CSV_WRITERS and relative != WRITER:
                refuse(node, f"from csv import {', '.join(sorted(names & CSV_WRITERS))}")
            if top in ("xlsxwriter", "pyexcelerate"):
                refuse(node, f"from {node.module} import …")
            if top == "weasyprint" and relative != PDF_RENDERER:
                refuse(node, f"from {node.module} import …")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module, name = node.value.id, node.attr
            if module == "csv" and name in CSV_WRITERS and relative != WRITER:
                refuse(node, f"csv.{name}")
            if module == "openpyxl" and relative != WRITER and name != "load_workbook":
                refuse(node, f"openpyxl.{name}")
    return found


def source_writers() -> list[str]:
    found: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if relative == XLSFORM_SOURCES:
            continue
        found += writers_in(ast.parse(path.read_text(encoding="utf-8")), relative)
    return found


def test_no_module_writes_a_table_or_a_pdf_by_itself() -> None:
    assert source_writers() == []


@pytest.mark.parametrize(
    ("module", "code"),
    [
        ("funding/views.py", "import csv\nwriter = csv.writer(response)"),
        ("registry/views.py", "from csv import DictWriter"),
        ("reports/hxl.py", "from openpyxl import Workbook"),
        ("reports/hxl.py", "import openpyxl\nbook = openpyxl.Workbook()"),
        ("programmes/importing.py", "from openpyxl import Workbook, load_workbook"),
        ("supply/printing.py", "from weasyprint import HTML"),
    ],
)
def test_the_scan_finds_a_writer_planted_in_a_module(module: str, code: str) -> None:
    assert writers_in(ast.parse(code), module)


@pytest.mark.parametrize(
    ("module", "code"),
    [
        ("registry/importing.py", "import openpyxl\nbook = openpyxl.load_workbook(stream)"),
        ("core/imports.py", "from openpyxl import load_workbook"),
        ("registry/management/commands/registry_dedupe.py", "import csv\ncsv.DictReader(f)"),
        (WRITER, "import csv\nfrom openpyxl import Workbook\ncsv.writer(out)"),
        (PDF_RENDERER, "from weasyprint import HTML"),
    ],
)
def test_the_scan_lets_readers_and_the_one_writer_be(module: str, code: str) -> None:
    assert writers_in(ast.parse(code), module) == []


# The planted formulas


@dataclass(frozen=True)
class Planted:
    """What the services stored from the planted formulas, field by field."""

    organisation_names: set[str]
    pledge_references: set[str]
    three_w_names: set[str]


def _three_w_file(names: tuple[str, ...]) -> bytes:
    lines = io.StringIO()
    table = csv.writer(lines)
    table.writerow(["Organisation", "Sector", "Activity", "Province code", "Start", "End"])
    table.writerow(["#org+name", "#sector", "#activity", "#adm1+code", "#date+start", "#date+end"])
    for name in names:
        table.writerow([name, "72040", "Food distribution", "AF32", "2024-01-01", "2024-06-30"])
    return lines.getvalue().encode("utf-8")


@pytest.fixture
def planted(db: None, world: World, admin: User) -> Planted:
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    for index, formula in enumerate(FORMULAS):
        donor = core_services.organisation_create(
            actor=None, name=formula, kind="ngo", iati_type="22"
        )
        funding_services.pledge_record(
            actor=None,
            reference=formula,
            donor=donor,
            pledged_on=datetime.date(2024, 3, 1 + index),
            currency=usd,
            amount=Decimal("1000"),
            country=world.afghanistan,
            budget_year=2024,
        )
    programme_services.three_w_import(
        actor=admin,
        country=world.afghanistan,
        file_name="planted-3w.csv",
        content=_three_w_file(FORMULAS),
    )
    planted = Planted(
        organisation_names=set(Pledge.objects.values_list("donor__name", flat=True)),
        pledge_references=set(Pledge.objects.values_list("reference", flat=True)),
        three_w_names=set(ThreeWActivity.objects.values_list("organisation_name", flat=True)),
    )
    # Each planted value is still a formula as stored, or the test would prove nothing.
    for values in (planted.organisation_names, planted.pledge_references, planted.three_w_names):
        assert len(values) == len(FORMULAS)
        assert all(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in values)
    return planted


def _fetch(user: User, url: str, query: dict[str, str] | None = None) -> bytes:
    response = client_for(user).get(url, query or {})
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)


def csv_cells(content: bytes) -> set[str]:
    assert content.startswith(b"\xef\xbb\xbf"), "a CSV starts with the UTF-8 byte-order mark"
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return {cell for row in rows for cell in row}


def xlsx_text_cells(content: bytes) -> Iterator[tuple[str, str, bool]]:
    """Every text cell: its value, its data type and whether it has the quote prefix."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                yield cell.value, cell.data_type, bool(cell.quotePrefix)


def assert_csv_neutralised(content: bytes, planted: set[str]) -> None:
    cells = csv_cells(content)
    for value in planted:
        assert "'" + value in cells, repr(value)
        assert value not in cells, repr(value)


def assert_xlsx_neutralised(content: bytes, planted: set[str]) -> None:
    cells = {value: (data_type, quoted) for value, data_type, quoted in xlsx_text_cells(content)}
    for value in planted:
        assert cells.get(value) == ("s", True), repr(value)


def test_the_organisation_list_downloads_neutralised(admin: User, planted: Planted) -> None:
    url = reverse("core:organisation_list")
    assert_csv_neutralised(_fetch(admin, url, {"format": "csv"}), planted.organisation_names)
    assert_xlsx_neutralised(_fetch(admin, url, {"format": "xlsx"}), planted.organisation_names)


def test_the_pledge_list_downloads_neutralised(admin: User, planted: Planted) -> None:
    url = reverse("funding:pledge_list")
    shown = planted.pledge_references | planted.organisation_names
    assert_csv_neutralised(_fetch(admin, url, {"format": "csv"}), shown)
    assert_xlsx_neutralised(_fetch(admin, url, {"format": "xlsx"}), shown)


def test_the_fts_flows_come_out_neutralised(admin: User, planted: Planted) -> None:
    content = _fetch(admin, reverse("funding:fts_flows_csv"))
    assert_csv_neutralised(content, planted.pledge_references | planted.organisation_names)


def test_the_4w_comes_out_neutralised(admin: User, planted: Planted) -> None:
    assert_csv_neutralised(_fetch(admin, reverse("reports:four_w_csv")), planted.three_w_names)
    assert_xlsx_neutralised(_fetch(admin, reverse("reports:four_w_xlsx")), planted.three_w_names)


def test_the_4w_through_the_api_comes_out_neutralised(admin: User, planted: Planted) -> None:
    csv_content = _fetch(admin, "/api/v1/exports/4w-csv/")
    assert_csv_neutralised(csv_content, planted.three_w_names)
    xlsx_content = _fetch(admin, "/api/v1/exports/4w-xlsx/")
    assert_xlsx_neutralised(xlsx_content, planted.three_w_names)


def test_numbers_stay_numbers_and_plain_text_stays_plain(admin: User, planted: Planted) -> None:
    content = _fetch(admin, reverse("funding:pledge_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert any(isinstance(value, int | float) and value == 1000 for value in values)
    unquoted = [value for value, _type, quoted in xlsx_text_cells(content) if not quoted]
    assert {"Reference", "USD"} <= set(unquoted)

"""List pages as downloads: the page's filtered rows, every page of them, as CSV or XLSX.

A list view hands its scoped, filtered queryset and the columns it shows to `download`
when the request asks for `?format=csv` or `?format=xlsx`. Rows are read once, in chunks,
into a temporary file (kept in memory while small, on disk beyond that) that the response
then streams, so memory stays bounded however long the list is. A download holds at most
MAX_ROWS rows; a longer list sends the reader back to the page with a message asking for
narrower filters. (50 000 organisations take about 2 s as CSV and 6 s as XLSX on two busy
cores, and add about 5 MB to the process's peak memory.)

Spreadsheets run text that starts with =, +, -, @, a tab or a carriage return as a formula.
CSV cells with such text get a leading apostrophe; XLSX cells keep the text but are written
as strings with Excel's quote prefix, never as formulas. Numbers and dates stay typed in XLSX.

This module is the one place Sunbula writes a table: list downloads, the HXL 4W, the FTS
flows, the registry's reasoned export and the matcher's files all go through `write_csv`,
`write_xlsx` or `table_bytes`, so none of them can forget the neutralisation. Personal data
is masked before it gets here, by the columns the registry hands over.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, Generic, TypeVar

from django.contrib import messages
from django.db.models import Field, Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000
CHUNK_SIZE = 1_000
# Above this size the file being built moves from memory to a temporary file on disk.
SPOOL_BYTES = 2 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TEXT_LIMIT = 32_767
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A page shows "12.5 t" in one column; a download gives the number and its unit apart.
UNIT = gettext_lazy("Unit")

Row = TypeVar("Row")
Value = str | int | float | Decimal | datetime.date | datetime.datetime | None


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a download: its header (translated when written) and its value."""

    header: str | Promise
    value: Callable[[Row], Any]


def label(model: type[Model], field_name: str) -> Callable[[Any], Any]:
    """A choice field's label for a row, as get_<field>_display() gives it.

    Django rebuilds and hashes the whole list of choices on every get_<field>_display() call;
    a download of many rows looks each label up once per language instead.
    """
    field = model._meta.get_field(field_name)
    assert isinstance(field, Field)  # noqa: S101 — a concrete field with choices
    by_language: dict[str, dict[Any, str]] = {}

    def display(row: Any) -> Any:
        language = translation.get_language() or ""
        if language not in by_language:
            by_language[language] = {value: str(text) for value, text in field.flatchoices}
        value = getattr(row, field.attname)
        return by_language[language].get(value, value)

    return display


def requested(request: HttpRequest) -> str:
    """The format the request asks for ("csv" or "xlsx"), or "" for the page itself."""
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else ""


def file_name(stem: str, extension: str) -> str:
    return f"sunbula-{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def download(
    request: HttpRequest,
    rows: Iterable[Row],
    columns: Sequence[Column[Row]],
    *,
    stem: str,
    count: int | None = None,
    tags: Sequence[str] = (),
) -> HttpResponseBase:
    """The rows as the requested file; a queryset is counted and read in chunks. With
    `tags`, an HXL hashtag row follows the headers."""
    if isinstance(rows, QuerySet):
        count = rows.count() if count is None else count
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    elif count is None:
        rows = _listed(rows)
        count = len(rows)
    refused = refuse_if_too_many(request, count)
    if refused is not None:
        return refused
    extension = requested(request) or "csv"
    headers = [str(column.header) for column in columns]
    values = ([column.value(row) for column in columns] for row in rows)
    spool = table_file(extension, Table(headers, values, title=stem, tags=tags))
    # FileResponse streams the file in blocks and closes it when the response is done.
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=file_name(stem, extension),
        content_type=CONTENT_TYPES[extension],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@dataclass(frozen=True)
class Table:
    """A table to write: its headers, its rows of cells, the sheet's title in a workbook and,
    for HXL, the hashtag row that goes under the headers."""

    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    title: str = "export"
    tags: Sequence[str] = ()


def table_file(extension: str, table: Table) -> IO[bytes]:
    """The table as a CSV or XLSX file, rewound: in memory while small, on disk beyond that."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    if extension == "xlsx":
        write_xlsx(spool, table.headers, table.rows, title=table.title, tags=table.tags)
    else:
        write_csv(spool, table.headers, table.rows, tags=table.tags)
    spool.seek(0)
    return spool


def table_bytes(extension: str, table: Table) -> bytes:
    """The whole table as the bytes of a CSV or XLSX file, for a file kept or sent at once."""
    with table_file(extension, table) as spool:
        return spool.read()


def table_response(extension: str, table: Table, *, filename: str) -> HttpResponse:
    """A CSV or XLSX attachment, for exports whose size the caller has already bounded."""
    response = HttpResponse(table_bytes(extension, table), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _listed(rows: Iterable[Row]) -> Sequence[Row]:
    return rows if isinstance(rows, Sequence) else list(rows)


def refuse_if_too_many(request: HttpRequest, count: int) -> HttpResponseRedirect | None:
    """Back to the page with a message when the list is longer than a download may be."""
    if count <= MAX_ROWS:
        return None
    messages.error(
        request,
        ngettext(
            "This list has %(count)s row, more than a download can hold (%(limit)s). "
            "Narrow the filters and try again.",
            "This list has %(count)s rows, more than a download can hold (%(limit)s). "
            "Narrow the filters and try again.",
            count,
        )
        % {
            "count": number_format(count, force_grouping=True),
            "limit": number_format(MAX_ROWS, force_grouping=True),
        },
    )
    query = request.GET.copy()
    query.pop("format", None)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def csv_text(value: Any) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(
    out: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    tags: Sequence[str] = (),
) -> None:
    """UTF-8 with a byte-order mark, so that Excel reads Arabic and Cyrillic text rightly.

    `tags`, when given, is an HXL hashtag row written under the headers.
    """
    out.write(codecs.BOM_UTF8)
    line = io.StringIO()
    writer = csv.writer(line)
    for cells in _with_headers(headers, tags, rows):
        writer.writerow([csv_text(cell) for cell in cells])
        out.write(line.getvalue().encode("utf-8"))
        line.seek(0)
        line.truncate()


def write_xlsx(
    out: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    tags: Sequence[str] = (),
) -> None:
    """A write-only workbook: rows go to disk as they come, one sheet, headers in bold.

    `tags`, when given, is an HXL hashtag row written under the headers.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.freeze_panes = "A3" if tags else "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, header, font=bold) for header in headers])
    if tags:
        sheet.append([_text_cell(sheet, tag) for tag in tags])
    for cells in rows:
        sheet.append([xlsx_cell(sheet, cell) for cell in cells])
    workbook.save(out)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A typed value, or for text that a spreadsheet would run, a string cell with a quote."""
    value = plain(value)
    if not isinstance(value, str):
        return value
    text = _xlsx_text(value)
    if not text.startswith(FORMULA_STARTS):
        return text
    # openpyxl would store "=…" as a formula; a string cell with the quote prefix is text
    # to Excel, LibreOffice and every reader, and stays text when someone edits it.
    return _text_cell(sheet, text)


def _text_cell(sheet: Any, text: str, *, font: Font | None = None) -> Any:
    """A cell that holds `text` as a string, whatever it starts with."""
    value = _xlsx_text(str(text))
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def plain(value: Any) -> Value:
    """What a cell can hold: text, a number, a date, or nothing; local time without a zone."""
    if value is None:
        return None
    if isinstance(value, str | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date):
        return value
    return str(value)


def _xlsx_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:XLSX_TEXT_LIMIT]


def _with_headers(
    headers: Sequence[str], tags: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Iterator[Sequence[Any]]:
    yield headers
    if tags:
        yield tags
    yield from rows

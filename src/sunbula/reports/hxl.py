"""HXL-tagged 3W/4W tables, as CSV and XLSX: an English header row, then the hashtags."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from sunbula.programmes.selectors import FourWRow

# (header, HXL hashtag) for every column, in order.
FOUR_W_COLUMNS: list[tuple[str, str]] = [
    ("Organisation", "#org+name"),
    ("Organisation type", "#org+type"),
    ("Sector (DAC)", "#sector+code"),
    ("Sector", "#sector+name"),
    ("Activity", "#activity"),
    ("Country", "#country+code"),
    ("Province", "#adm1+name"),
    ("Province p-code", "#adm1+code"),
    ("Start", "#date+start"),
    ("End", "#date+end"),
    ("Status", "#status"),
    ("People targeted", "#targeted"),
    ("Women and girls targeted", "#targeted+f"),
    ("Men and boys targeted", "#targeted+m"),
    ("People reached", "#reached"),
    ("Source", "#meta+source"),
]


def _cells(row: FourWRow) -> list[str | int]:
    def count(value: int | None) -> str | int:
        return "" if value is None else value

    return [
        row.organisation,
        row.organisation_type,
        row.sector,
        row.sector_name,
        row.activity,
        row.country_iso3,
        row.adm1_name,
        row.adm1_code,
        row.start.isoformat(),
        row.end.isoformat(),
        row.status,
        count(row.targeted),
        count(row.targeted_female),
        count(row.targeted_male),
        count(row.reached),
        row.source,
    ]


def four_w_csv(rows: Sequence[FourWRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([header for header, _tag in FOUR_W_COLUMNS])
    writer.writerow([tag for _header, tag in FOUR_W_COLUMNS])
    for row in rows:
        writer.writerow(_cells(row))
    return buffer.getvalue().encode("utf-8")


def four_w_xlsx(rows: Sequence[FourWRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 — a new workbook has one sheet
    sheet.title = "4W"
    sheet.append([header for header, _tag in FOUR_W_COLUMNS])
    sheet.append([tag for _header, tag in FOUR_W_COLUMNS])
    for row in rows:
        sheet.append(_cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Reading SDG 2 indicator values from a UN SDG Global Database CSV download.

Columns read: SeriesCode, GeoAreaCode (UN M49), TimePeriod, Value, Units, Source, and the
dimensions Sex and Location (written "[Sex]" in some downloads). Rows broken down by sex
or by urban/rural are left aside: a profile holds the national figure. Nothing here
writes; a bad row refuses the file with every bad row named.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry
from django.utils.translation import gettext as _

from sunbula.policy.errors import ImportRejected, RowError

REQUIRED = ("seriescode", "geoareacode", "timeperiod", "value")
NATIONAL = {"sex": {"", "BOTHSEX", "_T"}, "location": {"", "ALLAREA", "_T"}}


@dataclass(frozen=True)
class SdgRow:
    line: int
    series_code: str
    iso3: str
    year: int
    value: Decimal
    qualifier: str
    units: str
    source: str


def _m49_to_iso3(code: str) -> str | None:
    digits = code.strip().split(".")[0]
    if not digits.isdigit():
        return None
    record = pycountry.countries.get(numeric=digits.zfill(3))
    return record.alpha_3 if record is not None else None


def read_sdg_rows(content: bytes, *, known_iso3: set[str]) -> tuple[list[SdgRow], int]:
    """The national rows of the file and how many breakdown rows were left aside."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        raise ImportRejected([RowError(1, _("The file is not UTF-8 text."))]) from undecodable
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ImportRejected([RowError(1, _("The file is empty."))])
    columns = [cell.strip().strip("[]").replace(" ", "").lower() for cell in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportRejected(
            [RowError(1, _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})]
        )

    errors: list[RowError] = []
    rows: list[SdgRow] = []
    left_aside = 0
    seen: dict[tuple[str, str, int], int] = {}
    for raw in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in raw):
            continue
        cells = {
            name: raw[index].strip() if index < len(raw) else ""
            for index, name in enumerate(columns)
        }
        if any(
            cells.get(dimension, "") not in national for dimension, national in NATIONAL.items()
        ):
            left_aside += 1
            continue
        before = len(errors)
        series_code = cells["seriescode"].upper()
        if not series_code or not series_code.replace("_", "").isalnum():
            errors.append(RowError(line, _("The series code is missing or malformed.")))
        iso3 = _m49_to_iso3(cells["geoareacode"])
        if iso3 is None or iso3 not in known_iso3:
            errors.append(
                RowError(
                    line,
                    _("Area “%(code)s” is not a country you may import for.")
                    % {"code": cells["geoareacode"]},
                )
            )
        year_text = cells["timeperiod"].split(".")[0]
        if not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
            errors.append(
                RowError(line, _("“%(value)s” is not a year.") % {"value": cells["timeperiod"]})
            )
        raw_value = cells["value"]
        qualifier = raw_value[0] if raw_value[:1] in ("<", ">") else ""
        try:
            value = Decimal(raw_value.lstrip("<>").strip())
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(RowError(line, _("“%(value)s” is not a number.") % {"value": raw_value}))
        if len(errors) > before:
            continue
        if iso3 is None:  # already reported above
            continue
        key = (series_code, iso3, int(year_text))
        if key in seen:
            errors.append(
                RowError(
                    line,
                    _("This series, country and year already appear on line %(line)s.")
                    % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append(
            SdgRow(
                line=line,
                series_code=series_code,
                iso3=iso3,
                year=int(year_text),
                value=value,
                qualifier=qualifier,
                units=cells.get("units", "")[:40],
                source=cells.get("source", "")[:255],
            )
        )
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([RowError(1, _("The file has no national rows of data."))])
    return rows, left_aside

"""Reading SDG 2 indicator values from a UN SDG Global Database download (CSV or XLSX).

Columns read: SeriesCode, GeoAreaCode (UN M49), TimePeriod, Value, Units, Source, and the
dimensions Sex and Location (written "[Sex]" in some downloads). Rows broken down by sex
or by urban/rural are left aside: a profile holds the national figure. Nothing here
writes: the parser, plugged into the import pipeline, yields the rows one at a time and
names every bad row by its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.imports import SMALL_FILE_LIMITS, FirstLines, Importer, ImportFile, Table
from sunbula.core.lists import joined

REQUIRED = ("seriescode", "geoareacode", "timeperiod", "value")
NATIONAL = {"sex": {"", "BOTHSEX", "_T"}, "location": {"", "ALLAREA", "_T"}}

# Shares and counts never fall below zero: those the database's Units name, and the SDG 2
# prevalences and counts by series code, for a file without Units. Others may (the food
# price anomalies of 2.c.1 are negative when prices are low).
NOT_NEGATIVE_UNITS = frozenset({"PERCENT", "NUMBER", "THOUSANDS", "MILLIONS"})
NOT_NEGATIVE_SERIES = frozenset(
    {
        "SN_ITK_DEFC",
        "SN_ITK_DEFCN",
        "AG_PRD_FIESMS",
        "AG_PRD_FIESMSN",
        "AG_PRD_FIESS",
        "AG_PRD_FIESSN",
        "SH_STA_STNT",
        "SH_STA_STNTN",
        "SH_STA_WAST",
        "SH_STA_WASTN",
        "SN_STA_OVWGT",
        "SN_STA_OVWGTN",
        "SH_STA_ANEM",
        "SH_STA_ANEM_PREG",
        "SH_STA_ANEM_NPRG",
        "AG_LND_SUST",
        "ER_RSK_LBREDS",
        "ER_GRF_ANIMRCNTN",
        "ER_GRF_PLNTSTOR",
        "AG_FPA_HMFP",
    }
)


def negative_refused(series_code: str, units: str, value: Decimal) -> str | None:
    """Why `value` cannot be a value of the series, when it is a share or count below zero."""
    if value >= 0:
        return None
    if units.strip().upper() in NOT_NEGATIVE_UNITS or series_code in NOT_NEGATIVE_SERIES:
        return _("%(series)s is a share or a count: it cannot be negative.") % {
            "series": series_code
        }
    return None


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


@dataclass(frozen=True)
class LeftAside:
    """A row broken down by sex or by urban/rural: counted, not stored."""

    line: int


def parse_sdg_rows(table: Table, known_iso3: frozenset[str]) -> Iterator[SdgRow | LeftAside]:
    """The national rows of the file, and the breakdown rows left aside; each bad row is
    named in the table's problems. A repeated series, country and year is named with the
    line it first appeared on, kept on disk (FirstLines), not in memory."""
    lines = iter(table)
    first = next(lines, None)
    if first is None:
        table.problem(1, "", _("The file is empty."))
        return
    header_line, header = first
    columns = [cell.strip().strip("[]").replace(" ", "").lower() for cell in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        table.problem(
            header_line, "", _("Columns missing: %(columns)s.") % {"columns": joined(missing)}
        )
        return

    national_rows = 0
    with FirstLines() as first_lines:
        for line, raw in lines:
            if not any(cell.strip() for cell in raw):
                continue
            cells = {
                name: raw[index].strip() if index < len(raw) else ""
                for index, name in enumerate(columns)
            }
            if any(
                cells.get(dimension, "") not in national for dimension, national in NATIONAL.items()
            ):
                yield LeftAside(line)
                continue
            before = len(table.problems)
            series_code = cells["seriescode"].upper()
            if not series_code or not series_code.replace("_", "").isalnum():
                table.problem(line, "SeriesCode", _("The series code is missing or malformed."))
            iso3 = _m49_to_iso3(cells["geoareacode"])
            if iso3 is None or iso3 not in known_iso3:
                table.problem(
                    line,
                    "GeoAreaCode",
                    _("Area “%(code)s” is not a country you may import for.")
                    % {"code": cells["geoareacode"]},
                )
            year_text = cells["timeperiod"].split(".")[0]
            if not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
                table.problem(
                    line,
                    "TimePeriod",
                    _("“%(value)s” is not a year.") % {"value": cells["timeperiod"]},
                )
            raw_value = cells["value"]
            qualifier = raw_value[0] if raw_value[:1] in ("<", ">") else ""
            try:
                value = Decimal(raw_value.lstrip("<>").strip())
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                table.problem(
                    line, "Value", _("“%(value)s” is not a number.") % {"value": raw_value}
                )
            if len(table.problems) > before:
                continue
            if refused := negative_refused(series_code, cells.get("units", ""), value):
                table.problem(line, "Value", refused)
                continue
            if iso3 is None:  # already reported above
                continue
            year = int(year_text)
            # Four digits of year, three letters of country: no two keys read alike.
            earlier = first_lines.earlier_line(f"{year}{iso3}{series_code}", line)
            if earlier is not None:
                table.problem(
                    line,
                    "",
                    _("This series, country and year already appear on line %(line)s.")
                    % {"line": earlier},
                )
                continue
            national_rows += 1
            yield SdgRow(
                line=line,
                series_code=series_code,
                iso3=iso3,
                year=year,
                value=value,
                qualifier=qualifier,
                units=cells.get("units", "")[:40],
                source=cells.get("source", "")[:255],
            )
    if not national_rows and not table.problems:
        table.problem(1, "", _("The file has no national rows of data."))


SDG_VALUES: Importer[frozenset[str], SdgRow | LeftAside] = Importer(
    name="policy.sdg_values",
    label=gettext_lazy("SDG 2 indicator values"),
    parser=parse_sdg_rows,
    limits=SMALL_FILE_LIMITS,
)


def read_sdg_rows(content: ImportFile, *, known_iso3: set[str]) -> Iterator[SdgRow | LeftAside]:
    """The national rows of the file and the breakdown rows left aside, one at a time, once
    none is bad; or the refusal naming each bad one."""
    return SDG_VALUES.records(content, context=frozenset(known_iso3))

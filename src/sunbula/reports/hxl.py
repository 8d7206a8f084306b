"""HXL-tagged 3W/4W tables, as CSV and XLSX: an English header row, then the hashtags.

The file is in English whatever the page's language, as the humanitarian data exchange reads
it: the organisation types and sector names are not translated in one column while names and
titles stay as recorded in another.

The files come from the one table writer, so a partner's organisation or activity name that
starts like a formula stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation

from sunbula.core.exports import Table, table_bytes
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
    # A project with several implementing organisations gives its head counts on its first
    # organisation's rows; the others leave them empty and name it here, so that summing a
    # column counts each person once.
    ("Head counts on the row of", "#meta+counted+org"),
    ("Source", "#meta+source"),
]


HEADERS = [header for header, _tag in FOUR_W_COLUMNS]
TAGS = [tag for _header, tag in FOUR_W_COLUMNS]


def _cells(row: FourWRow) -> list[str | int | None]:
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
        row.targeted,
        row.targeted_female,
        row.targeted_male,
        row.reached,
        row.counted_under,
        row.source,
    ]


def four_w_csv(rows: Sequence[FourWRow]) -> bytes:
    with translation.override("en"):
        return table_bytes("csv", Table(HEADERS, map(_cells, rows), title="4W", tags=TAGS))


def four_w_xlsx(rows: Sequence[FourWRow]) -> bytes:
    with translation.override("en"):
        return table_bytes("xlsx", Table(HEADERS, map(_cells, rows), title="4W", tags=TAGS))

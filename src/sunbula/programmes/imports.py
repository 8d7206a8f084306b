"""Reading partners' 3W tables (HXL-tagged CSV) into checked 4W activities.

Nothing here writes: the parser, plugged into the import pipeline, turns the rows under the
HXL hashtag row into unsaved activities, one at a time, or names every bad row by its line,
and the service stores them. Sectors are DAC 5-digit codes, places admin-1 p-codes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.errors import DomainError
from sunbula.core.imports import SMALL_FILE_LIMITS, Importer, Problem, Table
from sunbula.core.lists import joined
from sunbula.core.models import AdminArea, Country
from sunbula.programmes.models import DacSector, ThreeWActivity

# The HXL hashtags a 3W file must carry, and the field each fills; where a field may come
# under several hashtags, the first one present wins.
THREE_W_TAGS: dict[str, tuple[str, ...]] = {
    "organisation_name": ("#org+name",),
    "sector": ("#sector+code", "#sector"),
    "activity": ("#activity", "#activity+name"),
    "p_code": ("#adm1+code",),
    "start": ("#date+start",),
    "end": ("#date+end",),
}
THREE_W_OPTIONAL_TAGS: dict[str, tuple[str, ...]] = {
    "organisation_type": ("#org+type", "#org+type+name"),
    "status": ("#status",),
    "targeted": ("#targeted",),
    "reached": ("#reached",),
}
HASHTAG_SEARCH_LINES = 25


class ThreeWImportError(DomainError):
    """A 3W file with bad rows: nothing is imported, every bad row is named by its line."""

    status_code = 422

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            _("Nothing was imported: %(count)s problems. %(problems)s")
            % {"count": len(problems), "problems": " ".join(problems)}
        )


def refuse(problems: list[Problem]) -> ThreeWImportError:
    """One sentence per bad line, its reasons together: `Line 4: a; b.`"""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.line, []).append(problem.message.rstrip("."))
    return ThreeWImportError(
        [
            _("Line %(line)s: %(reasons)s.") % {"line": line, "reasons": "; ".join(messages)}
            if line
            else f"{'. '.join(messages)}."
            for line, messages in reasons.items()
        ]
    )


@dataclass(frozen=True)
class ThreeWFile:
    """What a 3W table is read against: the country and its admin-1 areas by p-code."""

    country: Country
    areas: dict[str, AdminArea]


def _normalise_tag(raw: str) -> str:
    """`#adm1 +code` and `#ADM1+code` are the same tag."""
    parts = [part.strip().lower() for part in raw.replace(" ", "").split("+")]
    return "+".join(part for part in parts if part)


def _hxl_columns(row: list[str]) -> dict[str, int] | None:
    """The column of each field we read, if `row` is the hashtag row."""
    if not any(cell.strip().startswith("#") for cell in row):
        return None
    tags: dict[str, int] = {}
    for column, cell in enumerate(row):
        tag = _normalise_tag(cell) if cell.strip().startswith("#") else ""
        if tag and tag not in tags:
            tags[tag] = column
    columns: dict[str, int] = {}
    for field, choices in {**THREE_W_TAGS, **THREE_W_OPTIONAL_TAGS}.items():
        found = next((tags[tag] for tag in choices if tag in tags), None)
        if found is not None:
            columns[field] = found
    return columns


def _parse_count(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as bad:
        raise ValueError(text) from bad
    if number < 0 or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


def _activity(
    line: int, cells: dict[str, str], file: ThreeWFile, table: Table
) -> ThreeWActivity | None:
    """The row as an unsaved activity, or None with its reasons in the table's problems."""
    before = len(table.problems)
    for field, tags in THREE_W_TAGS.items():
        if not cells.get(field):
            table.problem(line, tags[0], _("%(tag)s is empty") % {"tag": tags[0]})
    if cells.get("sector") and cells["sector"] not in DacSector.values:
        table.problem(line, "#sector", _("unknown DAC sector %(code)s") % {"code": cells["sector"]})
    area = file.areas.get(cells.get("p_code", "").upper())
    if cells.get("p_code") and area is None:
        table.problem(
            line,
            "#adm1+code",
            _("no admin-1 area %(p_code)s in %(country)s")
            % {"p_code": cells["p_code"], "country": file.country},
        )
    dates: dict[str, datetime.date] = {}
    for field in ("start", "end"):
        if cells.get(field):
            try:
                dates[field] = datetime.date.fromisoformat(cells[field].strip())
            except ValueError:
                table.problem(
                    line,
                    f"#date+{field}",
                    _("%(value)s is not a date (YYYY-MM-DD)") % {"value": cells[field]},
                )
    counts: dict[str, int | None] = {}
    for field in ("targeted", "reached"):
        try:
            counts[field] = _parse_count(cells.get(field, ""))
        except ValueError:
            table.problem(
                line,
                f"#{field}",
                _("%(value)s is not a count of people") % {"value": cells[field]},
            )
    if len(table.problems) > before or area is None:
        return None
    activity = ThreeWActivity(
        line=line,
        organisation_name=cells["organisation_name"],
        organisation_type=cells.get("organisation_type", ""),
        sector=cells["sector"],
        activity=cells["activity"],
        admin_area=area,
        start=dates["start"],
        end=dates["end"],
        status=cells.get("status", ""),
        targeted=counts.get("targeted"),
        reached=counts.get("reached"),
    )
    try:
        activity.full_clean(exclude=["source"])
    except ValidationError as invalid:
        table.problem(line, "", "; ".join(invalid.messages))
        return None
    return activity


def parse_three_w(table: Table, file: ThreeWFile) -> Iterator[ThreeWActivity]:
    """The activities under the hashtag row; each bad row is named in the table's problems."""
    lines = iter(table)
    columns: dict[str, int] | None = None
    for number, row in lines:
        columns = _hxl_columns(row)
        if columns is not None or number >= HASHTAG_SEARCH_LINES:
            break
    if columns is None:
        table.problem(0, "", _("No HXL hashtag row (e.g. #org+name) in the first 25 lines."))
        return
    missing = [tags[0] for field, tags in THREE_W_TAGS.items() if field not in columns]
    if missing:
        table.problem(0, "", _("Missing hashtags: %(tags)s.") % {"tags": joined(missing)})
        return
    found = 0
    for line, row in lines:
        if not any(cell.strip() for cell in row):
            continue
        activity = _activity(line, _cells(row, columns), file, table)
        if activity is not None:
            found += 1
            yield activity
    if not found and not table.problems:
        table.problem(0, "", _("The file has no rows under its hashtags."))


def _cells(row: list[str], columns: dict[str, int]) -> dict[str, str]:
    return {
        field: (row[column].strip() if column < len(row) else "")
        for field, column in columns.items()
    }


THREE_W: Importer[ThreeWFile, ThreeWActivity] = Importer(
    name="programmes.three_w",
    label=gettext_lazy("3W table of a partner"),
    parser=parse_three_w,
    refuse=refuse,
    formats=("csv",),
    limits=SMALL_FILE_LIMITS,
)

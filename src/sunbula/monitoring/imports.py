"""Reading IPC and Cadre Harmonisé phase populations from HXL-tagged or plain CSV.

Nothing here writes: the parser, plugged into the import pipeline, yields the rows one at a
time or names every bad row with its line and reason, and the service stores them. HXL attributes are matched as a set, so
`#affected+food+ipc+p3plus+num` and `#affected+ipc+food+num+p3plus` mean the same.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.fields import PERIOD_IN_ORDER
from sunbula.core.figures import number_text
from sunbula.core.imports import (
    SMALL_FILE_LIMITS,
    FirstLines,
    Importer,
    ImportFile,
    ImportRefused,
    Table,
)
from sunbula.core.lists import joined
from sunbula.monitoring.models import phases_add_up, phases_do_not_add_up

PHASES = ("p1", "p2", "p3", "p4", "p5")
# Plain CSV column names; the Cadre Harmonisé dataset on HDX calls phase 3+ "phase35".
PLAIN_COLUMNS = {
    "adm1_pcode": "p_code",
    "adm2_pcode": "p_code",
    "pcode": "p_code",
    "date_start": "period_start",
    "period_start": "period_start",
    "date_end": "period_end",
    "period_end": "period_end",
    "population_analysed": "analysed",
    "analysed": "analysed",
    "phase1": "p1",
    "phase2": "p2",
    "phase3": "p3",
    "phase4": "p4",
    "phase5": "p5",
    "phase3plus": "p3plus",
    "phase35": "p3plus",
}
REQUIRED = ("p_code", "period_start", *PHASES)
# The most people one count may hold: what the database keeps in a phase's column on every
# engine (PostgreSQL's integer), far above any area's population.
MOST_PEOPLE = 2_147_483_647


@dataclass(frozen=True)
class PhaseRow:
    line: int
    p_code: str
    period_start: datetime.date
    period_end: datetime.date | None
    analysed: int | None
    phases: tuple[int, int, int, int, int]


ImportRejected = ImportRefused  # the file was refused as a whole; `errors` names every bad row


def _hxl_field(tag: str, classification: str) -> str | None:
    """The field an HXL hashtag fills, or None for a column we do not read."""
    parts = tag.strip().lower().replace(" ", "").split("+")
    hashtag, attributes = parts[0], set(parts[1:])
    if hashtag in ("#adm1", "#adm2") and "code" in attributes:
        return "p_code"
    if hashtag == "#date" and "start" in attributes:
        return "period_start"
    if hashtag == "#date" and "end" in attributes:
        return "period_end"
    if hashtag == "#affected" and {"food", classification} <= attributes:
        for field in (*PHASES, "p3plus", "analysed"):
            if field in attributes:
                return field
    return None


def _is_hashtag_row(row: list[str]) -> bool:
    cells = [cell.strip() for cell in row if cell.strip()]
    return bool(cells) and all(cell.startswith("#") for cell in cells)


def _count(value: str, label: str, line: int, table: Table) -> int | None:
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        table.problem(
            line,
            label,
            _("%(column)s must be a whole number of people, not “%(value)s”.")
            % {"column": capfirst(label), "value": value},
        )
        return None
    if len(value) > len(str(MOST_PEOPLE)) or int(value) > MOST_PEOPLE:
        table.problem(
            line,
            label,
            _("%(column)s: %(value)s is more people than a count can hold (at most %(most)s).")
            % {"column": capfirst(label), "value": value, "most": number_text(MOST_PEOPLE)},
        )
        return None
    return int(value)


def _date(value: str, label: str, line: int, table: Table) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        table.problem(
            line,
            label,
            _("%(column)s must be a date like 2024-03-01, not “%(value)s”.")
            % {"column": capfirst(label), "value": value},
        )
        return None


FIELD_LABELS = {
    "p_code": gettext_lazy("p-code"),
    "period_start": gettext_lazy("period start"),
    "period_end": gettext_lazy("period end"),
    "analysed": gettext_lazy("population analysed"),
    "p1": gettext_lazy("phase 1"),
    "p2": gettext_lazy("phase 2"),
    "p3": gettext_lazy("phase 3"),
    "p4": gettext_lazy("phase 4"),
    "p5": gettext_lazy("phase 5"),
    "p3plus": gettext_lazy("phase 3+"),
}


@dataclass(frozen=True)
class PhaseFile:
    """What a phase file is read against: its classification and the country's p-codes."""

    classification: str
    known_p_codes: frozenset[str]


def parse_phase_rows(table: Table, file: PhaseFile) -> Iterator[PhaseRow]:
    """Every row of the file; each bad one is named in the table's problems. A repeated area
    and period is named with the line it first appeared on, kept on disk (FirstLines), not
    in memory."""
    lines = iter(table)
    first = next(lines, None)
    if first is None:
        table.problem(1, "", _("The file is empty."))
        return
    second = next(lines, None)
    # HXL puts its hashtags in the first row or under a row of human headers.
    if second is not None and not _is_hashtag_row(first[1]) and _is_hashtag_row(second[1]):
        (header_line, header), body = second, lines
    else:
        (header_line, header), body = first, itertools.chain([second] if second else [], lines)
    if _is_hashtag_row(header):
        columns = [_hxl_field(cell, file.classification) for cell in header]
    else:
        columns = [PLAIN_COLUMNS.get(cell.strip().lower()) for cell in header]
    missing = [FIELD_LABELS[field] for field in REQUIRED if field not in columns]
    if missing:
        table.problem(
            header_line,
            "",
            _("Columns missing: %(columns)s.") % {"columns": joined(missing)},
        )
        return

    rows_read = 0
    with FirstLines() as first_lines:
        for line, raw in body:
            if not any(cell.strip() for cell in raw):
                continue
            cells = {
                field: raw[index] if index < len(raw) else ""
                for index, field in enumerate(columns)
                if field
            }
            before = len(table.problems)
            p_code = cells["p_code"].strip().upper()
            if p_code not in file.known_p_codes:
                table.problem(
                    line,
                    str(FIELD_LABELS["p_code"]),
                    _("Unknown p-code “%(p_code)s”.") % {"p_code": p_code},
                )
            start = _date(cells["period_start"], str(FIELD_LABELS["period_start"]), line, table)
            end = None
            if cells.get("period_end", "").strip():
                end = _date(cells["period_end"], str(FIELD_LABELS["period_end"]), line, table)
            counts = [
                _count(cells[field], str(FIELD_LABELS[field]), line, table) for field in PHASES
            ]
            analysed = None
            if cells.get("analysed", "").strip():
                analysed = _count(cells["analysed"], str(FIELD_LABELS["analysed"]), line, table)
            if len(table.problems) > before:
                continue
            phases = tuple(count or 0 for count in counts)
            if start is None:  # already reported above
                continue
            if end is not None and end < start:
                # The model's own refusal (its FieldCheck), on the end's column.
                start_label = capfirst(FIELD_LABELS["period_start"])
                table.problem(
                    line,
                    str(FIELD_LABELS["period_end"]),
                    PERIOD_IN_ORDER % {"start": start_label},
                )
                continue
            if cells.get("p3plus", "").strip():
                p3plus = _count(cells["p3plus"], str(FIELD_LABELS["p3plus"]), line, table)
                if p3plus is not None and p3plus != sum(phases[2:]):
                    table.problem(
                        line,
                        str(FIELD_LABELS["p3plus"]),
                        _("Phase 3+ is %(given)s but phases 3 to 5 add up to %(sum)s.")
                        % {"given": number_text(p3plus), "sum": number_text(sum(phases[2:]))},
                    )
                if len(table.problems) > before:
                    continue
            if analysed is not None and not phases_add_up(phases, analysed):
                table.problem(
                    line, str(FIELD_LABELS["analysed"]), phases_do_not_add_up(phases, analysed)
                )
                continue
            # The date's ten characters first: no two keys read alike.
            earlier = first_lines.earlier_line(f"{start.isoformat()}{p_code}", line)
            if earlier is not None:
                table.problem(
                    line,
                    "",
                    _("This area and period already appear on line %(line)s.") % {"line": earlier},
                )
                continue
            rows_read += 1
            yield PhaseRow(
                line=line,
                p_code=p_code,
                period_start=start,
                period_end=end,
                analysed=analysed,
                phases=(phases[0], phases[1], phases[2], phases[3], phases[4]),
            )
    if not rows_read and not table.problems:
        table.problem(header_line, "", _("The file has no rows of data."))


PHASE_POPULATIONS: Importer[PhaseFile, PhaseRow] = Importer(
    name="monitoring.phase_populations",
    label=gettext_lazy("IPC / Cadre Harmonisé phase populations"),
    parser=parse_phase_rows,
    formats=("csv",),
    limits=SMALL_FILE_LIMITS,
)


def read_phase_rows(
    content: ImportFile, *, classification: str, known_p_codes: Iterable[str]
) -> Iterator[PhaseRow]:
    """Every row of the file, one at a time, once none is bad; or ImportRejected naming each
    bad one."""
    file = PhaseFile(classification=classification, known_p_codes=frozenset(known_p_codes))
    return PHASE_POPULATIONS.records(content, context=file)

"""Reading registration files (CSV, XLSX, KoboToolbox exports) into checked rows.

Everything is checked before anything is stored: the whole file is refused if one row is
bad, and every bad row is reported with its line and the reason. Files are read as streams
with limits on size, rows and (for XLSX, a zip archive) the unpacked size, so a hostile
file cannot exhaust memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sunbula.core import jobs
from sunbula.core.imports import (
    MAX_FILE_BYTES,
    FileRefused,
    FileTooLarge,
    FirstLines,
    Importer,
    Problem,
    Table,
    file_sha256,
)
from sunbula.core.lists import joined
from sunbula.core.models import AdminArea, Country, User
from sunbula.core.reasons import Reason, untranslated
from sunbula.registry import services
from sunbula.registry.import_report import column_heading, row_problem
from sunbula.registry.models import (
    PERSON_DETAILS,
    DisplacementStatus,
    ImportJob,
    Person,
    Vulnerability,
)
from sunbula.registry.validation import (
    EXTERNAL_ID_REQUIRED,
    LONGER_THAN,
    NOT_ALLOWED,
    PersonRow,
    import_row_problems,
)

__all__ = ["MAX_FILE_BYTES", "FileRefused", "Problem"]  # where callers found them before
MAX_CELL_CHARS = 500
PROGRESS_STEPS = 10  # progress is written at most about this many times per file
MIN_PROGRESS_ROWS = 1000
PROGRESS_SECONDS = 1.0  # and at most once a second: a quick file needs no progress bar
MAX_PROBLEMS = 10000  # reported per refused file
CHECK_BATCH = 1000  # rows checked against the model's rules at a time
REQUIRED = ("external_id", "given_name")
FIELDS = (
    "external_id",
    *PERSON_DETAILS,
    "admin_area",
    "displacement_status",
    "relation_to_head",
    "vulnerabilities",
)
# Header spellings seen in KoboToolbox exports (labels and XML names) and common sheets.
ALIASES = {
    "uuid": "external_id",
    "meta_instanceid": "external_id",
    "id": "external_id",
    "record_id": "external_id",
    "registration_id": "external_id",
    "first_name": "given_name",
    "given_name": "given_name",
    "name": "given_name",
    "last_name": "family_name",
    "surname": "family_name",
    "fathers_name": "father_name",
    "father_name": "father_name",
    "gender": "sex",
    "date_of_birth": "birth_date",
    "dob": "birth_date",
    "birth_year": "birth_date",
    "phone_number": "phone",
    "mobile": "phone",
    "tazkira_number": "id_number",
    "tazkira": "id_number",
    "id_number": "id_number",
    "document_type": "id_document_type",
    "admin_area": "admin_area",
    "pcode": "admin_area",
    "p_code": "admin_area",
    "admin2_pcode": "admin_area",
    "district_pcode": "admin_area",
    "displacement_status": "displacement_status",
    "relation_to_head": "relation_to_head",
    "vulnerability": "vulnerabilities",
    "vulnerabilities": "vulnerabilities",
}
SEX_VALUES = {"m": "M", "male": "M", "f": "F", "female": "F", "": ""}
CHOICES = {
    "displacement_status": frozenset([*DisplacementStatus.values, ""]),
    "id_document_type": frozenset([*Person.DocumentType.values, ""]),
    "relation_to_head": frozenset([*Person.Relation.values, ""]),
}
PHONE = re.compile(r"[+\d][\d\s().-]{5,24}")
FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().-]*$)")
FORMULA_START = frozenset("=@\t\r+-")  # only a cell starting so can be a formula
# The reasons a row is refused, kept untranslated in the report (registry.import_report).
FORMULA_REFUSED = Reason(gettext_noop("Looks like a spreadsheet formula; refused."))
GIVEN_NAME_REQUIRED = Reason(gettext_noop("A given name is required."))
SEX_REFUSED = Reason(gettext_noop("Use M or F."))
PHONE_REFUSED = Reason(gettext_noop("Not a phone number."))
AREA_REFUSED = Reason(gettext_noop("Not a p-code of this country."))
# The cell is not quoted: an importer without protection clearance reads the report, and a
# column out of place may hold a name.
UNKNOWN_VULNERABILITY = gettext_noop(
    "Not a known vulnerability. Use these codes or their names: %(codes)s."
)
# What separates the vulnerabilities of one cell: the comma and the semicolon, Latin or Arabic
# (as Arabic, Dari and Pashto write them), and the bar.
LIST_SEPARATORS = re.compile("[,;|\u060c\u061b]")


@dataclass
class Checked:
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # the rows checked (blank lines are not rows)


def header_key(header: str) -> str:
    """`group_person/Given name` → `given_name`: Kobo group paths and labels alike."""
    text = header.strip().lstrip("\ufeff").split("/")[-1].lower()
    text = re.sub(r"[^\w]+", "_", text).strip("_")
    return ALIASES.get(text, text)


def columns_read() -> list[tuple[str, str]]:
    """The columns a file may have, each by its name and by the heading of the registry's
    field it fills, in the reader's language."""
    return [(name, column_heading(name)) for name in FIELDS]


def parse_mapping(text: str) -> dict[str, str]:
    """A column mapping: JSON `{"column": "field"}` or CSV lines `column,field`."""
    try:
        if text.lstrip().startswith("{"):
            raw = json.loads(text)
            mapping = {str(key): str(value) for key, value in raw.items()}
        else:
            mapping = {row[0]: row[1] for row in csv.reader(io.StringIO(text)) if len(row) >= 2}
    except (ValueError, AttributeError, csv.Error) as broken:
        raise FileRefused(_("The column mapping cannot be read.")) from broken
    unknown = sorted(set(mapping.values()) - set(FIELDS))
    if unknown:
        raise FileRefused(
            _("The mapping names unknown fields: %(fields)s") % {"fields": joined(unknown)}
        )
    return mapping


def load_mapping(path: str | Path) -> dict[str, str]:
    return parse_mapping(Path(path).read_text(encoding="utf-8"))


def lines_of(stream: IO[bytes], file_name: str, size: int) -> Table:
    """The file's lines, read by the import pipeline within its limits."""
    return Table(
        stream, file_name=file_name, size=size, limits=PEOPLE.limits, formats=PEOPLE.formats
    )


def rows_of(stream: IO[bytes], file_name: str, size: int) -> Iterator[list[str]]:
    """The file's rows alone; the first line the pipeline refuses refuses the file."""
    return lines_of(stream, file_name, size).cells()


def _areas(country: Country) -> dict[str, AdminArea]:
    return {area.p_code: area for area in AdminArea.objects.filter(country=country)}


def check_rows(
    table: Table,
    *,
    country: Country,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    every: int = MIN_PROGRESS_ROWS,
    keep: bool = True,
) -> Checked:
    """Every row checked against the file's rules and the model's; the rows to store only if
    none breaks them, and only with `keep` (without it, person_rows reads them again).

    The model's rules (lengths, choices, dates) are checked a batch at a time, so that the
    report of a refused file lists every problem at once; people_import checks them again
    as it stores. `progress(rows_checked)` is called every `every` rows.
    """
    checked = Checked()
    rows = iter(table)
    try:
        _header_line, header = next(rows)
    except StopIteration:
        checked.problems.append(row_problem(1, "", Reason(gettext_noop("The file is empty."))))
        return checked
    wanted = _wanted_columns(header, mapping)
    columns = [column for _index, column in wanted]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        # The column stays the field names, comma-separated (import_report.column_heading);
        # the message's list is joined as each reader joins one.
        checked.problems.append(
            row_problem(
                1,
                ", ".join(missing),
                Reason(
                    gettext_noop("Required columns are missing: %(columns)s"), {"columns": missing}
                ),
            )
        )
        return checked
    areas = _areas(country)
    batch: list[PersonRow] = []
    model_problems: list[Problem] = []

    def check_batch() -> None:
        problems = import_row_problems(batch, country=country)
        model_problems.extend(row_problem(*problem) for problem in problems)
        if keep:
            checked.rows.extend(batch)
        batch.clear()

    with FirstLines() as first_lines:
        seen = SeenIds(first_lines)
        for count, (line, raw) in enumerate(rows, start=1):
            if progress is not None and count % every == 0:
                progress(count)
            record = _record(raw, wanted)
            if record is None:
                continue
            checked.count += 1
            problems = _check_record(line, record, areas, seen)
            if problems:
                checked.problems.extend(problems)
            else:
                batch.append(_person_row(line, record, areas))
                if len(batch) == CHECK_BATCH:
                    check_batch()
    check_batch()
    repeated = seen.repeated
    checked.problems.extend(repeated)
    checked.problems.extend(table.problems)  # the limits the pipeline's reading found broken
    # A repeated id is reported once, naming the line it repeats.
    lines = {problem.line for problem in repeated}
    checked.problems.extend(
        problem
        for problem in model_problems
        if not (problem.column == "external_id" and problem.line in lines)
    )
    if checked.problems:
        checked.problems.sort(key=lambda problem: problem.line)
        checked.rows = []
    return checked


def person_rows(
    table: Table, *, country: Country, mapping: dict[str, str] | None = None
) -> Iterator[PersonRow]:
    """The rows of a file check_rows has passed, read again one at a time, for storing."""
    rows = iter(table)
    _header_line, header = next(rows)
    wanted = _wanted_columns(header, mapping)
    areas = _areas(country)
    for line, raw in rows:
        record = _record(raw, wanted)
        if record is not None:
            yield _person_row(line, record, areas)
    if table.problems:  # the file changed since it was checked
        raise FileRefused(str(table.problems[0]))


def _wanted_columns(header: list[str], mapping: dict[str, str] | None) -> list[tuple[int, str]]:
    """(index, field) of the header's columns the registry reads."""
    mapping = {header_key(key): value for key, value in (mapping or {}).items()}
    columns = [mapping.get(header_key(name), header_key(name)) for name in header]
    return [(index, column) for index, column in enumerate(columns) if column in FIELDS]


def _record(raw: list[str], wanted: list[tuple[int, str]]) -> dict[str, str] | None:
    """A line's cells by field, or None for a blank line."""
    if not "".join(raw).strip():
        return None
    cells = len(raw)
    return {column: raw[index].strip() for index, column in wanted if index < cells}


class SeenIds:
    """The external ids of a file, each with the line it first appeared on (kept on disk by
    FirstLines, so that a file of any length is checked in the same memory), and a problem
    for every later line that gives one again, naming that line."""

    def __init__(self, first_lines: FirstLines) -> None:
        self.first_lines = first_lines
        self.repeated: list[Problem] = []

    def add(self, external_id: str, line: int) -> None:
        earlier = self.first_lines.earlier_line(external_id, line)
        if earlier is not None:
            self.repeated.append(
                row_problem(
                    line,
                    "external_id",
                    Reason(gettext_noop("The same id as line %(line)s."), {"line": earlier}),
                )
            )


@dataclass(frozen=True)
class PeopleFile:
    """What a people file is checked against: the country, and how its columns are named."""

    country: Country
    mapping: dict[str, str] | None = None


def _parse_people(table: Table, file: PeopleFile) -> list[PersonRow]:
    checked = check_rows(table, country=file.country, mapping=file.mapping)
    table.problems[:] = checked.problems
    return checked.rows


PEOPLE: Importer[PeopleFile, PersonRow] = Importer(
    name="registry.people",
    label=gettext_lazy("People (registration file)"),
    parser=_parse_people,
)


def _vulnerability_key(text: str) -> str:
    """`Female-headed household`, `female_headed household` → `female headed household`."""
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


@lru_cache(maxsize=1)
def _vulnerability_names() -> dict[str, str]:
    """Each vulnerability by its code and by its English name, as `_vulnerability_key` reads
    them."""
    names: dict[str, str] = {}
    for code, label in Vulnerability.choices:
        names[_vulnerability_key(code)] = code
        names[_vulnerability_key(untranslated(label))] = code
    return names


@lru_cache(maxsize=4096)
def vulnerability_codes(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A cell's vulnerabilities, as codes in the registry's order, and the items of the cell
    that name none.

    The cell lists codes (`disability`) or English names (`Pregnant or lactating`, in any
    case) separated by commas, semicolons (Latin or Arabic) or bars; KoboToolbox's
    select_multiple answers, codes separated by spaces, are read too. Empty is none.
    """
    names = _vulnerability_names()
    found: set[str] = set()
    unknown: list[str] = []
    for item in LIST_SEPARATORS.split(cell):
        key = _vulnerability_key(item)
        if not key:
            continue
        if key in names:
            found.add(names[key])
            continue
        words = [names.get(_vulnerability_key(word)) for word in item.split()]
        if all(word in Vulnerability.values for word in words):
            found.update(str(word) for word in words)
        else:
            unknown.append(item.strip())
    ordered = tuple(code for code in Vulnerability.values if code in found)
    return ordered, tuple(unknown)


def _check_record(
    line: int, record: dict[str, str], areas: dict[str, AdminArea], seen: SeenIds
) -> list[Problem]:
    problems: list[Problem] = []
    for column, value in record.items():
        if value[:1] in FORMULA_START and FORMULA.search(value):
            problems.append(row_problem(line, column, FORMULA_REFUSED))
        elif len(value) > MAX_CELL_CHARS:
            problems.append(
                row_problem(line, column, Reason(LONGER_THAN, {"count": MAX_CELL_CHARS}))
            )
    if problems:
        return problems
    external_id = record.get("external_id", "")
    if not external_id:
        problems.append(row_problem(line, "external_id", EXTERNAL_ID_REQUIRED))
    else:
        seen.add(external_id, line)
    if not record.get("given_name"):
        problems.append(row_problem(line, "given_name", GIVEN_NAME_REQUIRED))
    if record.get("sex", "").lower() not in SEX_VALUES:
        problems.append(row_problem(line, "sex", SEX_REFUSED))
    phone = record.get("phone", "")
    if phone and not PHONE.fullmatch(phone):
        problems.append(row_problem(line, "phone", PHONE_REFUSED))
    for column, allowed in CHOICES.items():
        if record.get(column, "") not in allowed:
            problems.append(row_problem(line, column, NOT_ALLOWED))
    area = record.get("admin_area", "")
    if area and area not in areas:
        problems.append(row_problem(line, "admin_area", AREA_REFUSED))
    _codes, unknown = vulnerability_codes(record.get("vulnerabilities", ""))
    if unknown:
        reason = Reason(UNKNOWN_VULNERABILITY, {"codes": list(Vulnerability.values)})
        problems.append(row_problem(line, "vulnerabilities", reason))
    return problems


def _person_row(line: int, record: dict[str, str], areas: dict[str, AdminArea]) -> PersonRow:
    cell = record.get
    id_number = cell("id_number", "")
    values: dict[str, Any] = {
        "given_name": cell("given_name", ""),
        "family_name": cell("family_name", ""),
        "father_name": cell("father_name", ""),
        "birth_date": cell("birth_date", ""),
        "phone": cell("phone", ""),
        "id_number": id_number,
        "sex": SEX_VALUES[cell("sex", "").lower()],
        "id_document_type": cell("id_document_type", "") or ("other" if id_number else ""),
        "relation_to_head": cell("relation_to_head", ""),
        "displacement_status": cell("displacement_status") or DisplacementStatus.RESIDENT,
        "admin_area": areas.get(cell("admin_area", "")),
    }
    if "vulnerabilities" in record:  # a file without the column leaves them as they are
        values["vulnerabilities"] = list(vulnerability_codes(record["vulnerabilities"])[0])
    return PersonRow(line=line, external_id=record["external_id"], values=values)


def import_file(
    *,
    actor: User,
    country: Country,
    stream: IO[bytes],
    file_name: str,
    size: int,
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    """Check the whole file, then store all of it or none; the job records the outcome."""
    job = services.import_job_start(actor=actor, file_name=file_name, country=country)
    jobs.hold(job)  # held by this process while it runs here
    return process(actor, job, stream, size, mapping)


def process(
    actor: User,
    job: ImportJob,
    stream: IO[bytes],
    size: int,
    mapping: dict[str, str] | None,
    total: int = 0,
) -> ImportJob:
    """Check the file, then store all of it or refuse it; the job is closed either way.

    Progress (rows checked) is kept on the job row, which the import page polls; it is not
    audited. The import task (registry.tasks) runs this in a worker.
    """
    every = max(MIN_PROGRESS_ROWS, total // PROGRESS_STEPS)
    file_sha256 = _sha256(stream, size)

    written = time.monotonic()

    def progress(done: int) -> None:
        nonlocal written
        if time.monotonic() - written >= PROGRESS_SECONDS:
            jobs.beat(job, processed_rows=done)
            written = time.monotonic()

    def refuse(problems: list[Problem], checked: Checked | None = None) -> ImportJob:
        reported = [problem.as_dict() for problem in problems[:MAX_PROBLEMS]]
        return services.import_job_fail(
            actor=actor,
            job=job,
            problems=reported,
            processed_rows=checked.count if checked is not None else None,
        )

    start = stream.tell() if stream.seekable() else 0
    try:
        checked = check_rows(
            lines_of(stream, job.file_name, size),
            country=job.country,
            mapping=mapping,
            progress=progress,
            every=every,
            keep=not stream.seekable(),  # a file on disk is read again rather than kept
        )
    except FileRefused as refused:
        return refuse([Problem(0, "", str(refused))])
    if checked.problems:
        return refuse(checked.problems, checked)
    rows: Iterable[PersonRow] = checked.rows
    if stream.seekable():
        stream.seek(start)
        rows = person_rows(
            lines_of(stream, job.file_name, size), country=job.country, mapping=mapping
        )
    try:
        return services.people_import(actor=actor, job=job, rows=rows, file_sha256=file_sha256)
    except services.ImportRowsRefused as refused:
        return refuse([row_problem(*problem) for problem in refused.problems], checked)
    except FileRefused as refused:
        return refuse([Problem(0, "", str(refused))], checked)


def _sha256(stream: IO[bytes], size: int) -> str:
    """The hash of the whole file, named in the import's audit entry; the stream is rewound.
    Empty for a file the check that follows refuses anyway, so that the job is closed
    by the import's own handling of it."""
    if size > MAX_FILE_BYTES or not stream.seekable():
        return ""
    try:
        return file_sha256(stream, PEOPLE.limits)
    except FileTooLarge:
        return ""

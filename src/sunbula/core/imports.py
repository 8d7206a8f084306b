"""The one way files are imported: read within limits, every problem named by its line.

A file (CSV, or XLSX: a zip archive of XML) is read as a stream with limits on its size,
its rows, its cells and, for XLSX, its unpacked size and XML declarations, so a hostile
file cannot exhaust memory or time. An importer is a parser plugged into this pipeline: it
turns the file's lines into checked records, one at a time, naming each bad line. The file is
read twice: once for its problems alone, so that a bad line anywhere refuses it before
anything is written, and again for its service to store the records a batch at a time in one
transaction. Apps register their importers here, so that every importer can be listed (and
tested) in one place.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import TracebackType
from typing import IO, Any, Generic, Self, TypeVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sunbula.core.errors import DomainError
from sunbula.core.lists import joined

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 200_000
MAX_CELL_CHARS = 32_767  # what a spreadsheet cell can hold
MAX_PROLOG_BYTES = 64 * 1024  # an XML part's declarations before its root element
XLSX_SIGNATURE = b"PK\x03\x04"
FORMATS = ("csv", "xlsx")
# A DTD in a part of an XLSX file can only serve entity expansion; OOXML never has one.
XML_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
XML_ROOT = re.compile(rb"<[A-Za-z_]")

Line = tuple[int, list[str]]  # the line's number in the file and its cells


@dataclass(frozen=True)
class Limits:
    """How much one import may read; the registry's people file is the largest."""

    max_bytes: int = MAX_FILE_BYTES
    max_rows: int = MAX_ROWS
    max_cell_chars: int = MAX_CELL_CHARS


LIMITS = Limits()
SMALL_FILE_LIMITS = Limits(max_bytes=5 * 1024 * 1024)  # tables a person fills in by hand


@dataclass(frozen=True)
class Problem:
    """Why one line (0: the file as a whole) cannot be imported; `column` may be empty."""

    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class FileRefused(DomainError):
    """The file as a whole cannot be read; the message says why."""

    status_code = 400


class FileTooLarge(FileRefused):
    status_code = 413

    def __init__(self, size: int, limit: int) -> None:
        megabyte = 1024 * 1024
        super().__init__(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it and import the parts.")
            % {"size": max(size // megabyte, 1), "limit": limit // megabyte}
        )


class ImportRefused(DomainError):
    """Nothing was imported; `problems` names every bad line."""

    status_code = 422

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            ngettext(
                "The file was not imported: %(count)d row is wrong.",
                "The file was not imported: %(count)d rows are wrong.",
                len(problems),
            )
            % {"count": len(problems)}
        )

    @property
    def errors(self) -> list[Problem]:
        """The same problems, by the name the import pages list them under."""
        return self.problems


def check_size(size: int, limits: Limits = LIMITS) -> None:
    if size > limits.max_bytes:
        raise FileTooLarge(size, limits.max_bytes)


ImportFile = bytes | IO[bytes]  # bytes already held, or a binary stream: an upload, an open file
BLOCK_BYTES = 1024 * 1024  # what a digest reads at a time


def opened(file: ImportFile, size: int | None = None) -> tuple[IO[bytes], int]:
    """The file as a binary stream and the size it announces: given, an upload's own, or
    (for an open file) measured from where the stream stands to its end."""
    if isinstance(file, bytes):
        return io.BytesIO(file), len(file)
    if size is None:
        size = getattr(file, "size", None)  # Django's UploadedFile carries it
    if size is None and file.seekable():
        position = file.tell()
        size = file.seek(0, io.SEEK_END) - position
        file.seek(position)
    return file, size or 0


class _Bounded(io.RawIOBase):
    """A stream that cannot be read past the limit, whatever size the file announced."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._limit = limit
        self._position = stream.tell() if stream.seekable() else 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._stream.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = self._stream.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: Any) -> int:
        block = self._stream.read(len(buffer))
        self._position += len(block)
        if self._position > self._limit:
            raise FileTooLarge(self._position, self._limit)
        buffer[: len(block)] = block
        return len(block)


def bounded(stream: IO[bytes], limits: Limits = LIMITS) -> IO[bytes]:
    """The stream, buffered, refusing (FileTooLarge) to be read past the limit."""
    return io.BufferedReader(_Bounded(stream, limits.max_bytes))


def file_sha256(file: ImportFile, limits: Limits = LIMITS) -> str:
    """The hash of the whole file, read a block at a time within the limit; a stream is
    put back where it stood, to be read again."""
    stream, size = opened(file)
    check_size(size, limits)
    position = stream.tell()
    digest = hashlib.sha256()
    reader = bounded(stream, limits)
    while block := reader.read(BLOCK_BYTES):
        digest.update(block)
    stream.seek(position)
    return digest.hexdigest()


def _file_kind(file_name: str, head: bytes, formats: tuple[str, ...]) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        kind = "xlsx"
    elif name.endswith((".csv", ".txt", ".hxl")):
        kind = "csv"
    elif name and "." in name.rsplit("/", 1)[-1]:
        kind = name.rsplit(".", 1)[-1]
    else:  # bytes without a name: a zip archive is a workbook
        kind = "xlsx" if head.startswith(XLSX_SIGNATURE) else "csv"
    if kind not in formats:
        raise FileRefused(
            _("Import a file of one of these kinds: %(formats)s.")
            % {"formats": joined(f".{accepted}" for accepted in formats)}
        )
    return kind


def _not_utf8() -> FileRefused:
    return FileRefused(_("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))


def _csv_lines(stream: IO[bytes], problems: list[Problem], longest: int) -> Iterator[Line]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text)
    end = 0  # the last physical line of the previous row: a quoted cell may span lines
    try:
        for cells in reader:
            yield end + 1, cells
            end = reader.line_num
    except csv.Error:
        # Past the csv module's own field limit (or an unclosed quotation mark that runs on
        # to it): nothing after this line can be read reliably.
        problems.append(
            Problem(
                end + 1,
                "",
                _("A cell is longer than %(count)s characters or a quotation mark is not closed.")
                % {"count": longest},
            )
        )
    except UnicodeDecodeError as undecodable:
        raise _not_utf8() from undecodable
    finally:
        text.detach()  # the caller's stream stays open


def _check_zip(stream: IO[bytes]) -> zipfile.ZipFile:
    unsafe = FileRefused(
        _("The XLSX file unpacks to far more than it weighs; it is refused as unsafe.")
    )
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as broken:
        raise FileRefused(_("The XLSX file is damaged or not an XLSX file.")) from broken
    unpacked = 0
    for member in archive.infolist():
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or ratio > MAX_COMPRESSION_RATIO:
            raise unsafe
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels", ".vml")) and not _prolog_is_safe(
            archive, member
        ):
            raise FileRefused(_("The XLSX file declares XML entities; it is refused as unsafe."))
    return archive


def _prolog_is_safe(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """No DTD before the root element (the only place one can be) of an XML part."""
    try:
        with archive.open(member) as part:
            head = part.read(MAX_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # a damaged part is openpyxl's to refuse
    head = head.replace(b"\x00", b"")  # UTF-16 text reads as ASCII this way
    root = XML_ROOT.search(head)
    if root is None and len(head) >= MAX_PROLOG_BYTES - 1:
        return False  # declarations that long are not a spreadsheet's
    return XML_DECLARATION.search(head, 0, root.start() if root else len(head)) is None


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _xlsx_lines(stream: IO[bytes]) -> Iterator[Line]:
    import openpyxl

    _check_zip(stream).close()
    stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception as broken:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(_("The XLSX file is damaged or not an XLSX file.")) from broken
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(cell) for cell in row]
    except FileRefused:
        raise
    except Exception as broken:  # a sheet's XML can break half way through
        raise FileRefused(_("The XLSX file is damaged or not an XLSX file.")) from broken
    finally:
        book.close()


def _column_name(index: int) -> str:
    """0 → A, 26 → AA: where a spreadsheet shows the cell."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


class Table:
    """The lines of one file, read lazily within the limits.

    Iterating yields `(line number, cells)`; a line that breaks a limit is recorded in
    `problems` (an over-long cell is yielded empty), and a file that cannot be read at all
    raises FileRefused. A parser adds its own problems with `problem()`.
    """

    def __init__(
        self,
        stream: IO[bytes],
        *,
        file_name: str = "",
        size: int,
        limits: Limits = LIMITS,
        formats: tuple[str, ...] = FORMATS,
    ) -> None:
        check_size(size, limits)  # before a byte is read; `bounded` holds it to that
        self.limits = limits
        self.problems: list[Problem] = []
        position = stream.tell() if stream.seekable() else 0
        head = stream.read(len(XLSX_SIGNATURE)) if stream.seekable() else b""
        if stream.seekable():
            stream.seek(position)
        self.kind = _file_kind(file_name, head, formats)
        self.stream = bounded(stream, limits)

    @classmethod
    def of(
        cls,
        file: ImportFile,
        *,
        file_name: str = "",
        size: int | None = None,
        limits: Limits = LIMITS,
        formats: tuple[str, ...] = FORMATS,
    ) -> Table:
        """The table of bytes held, an upload or an open file (`size`: what it announces)."""
        stream, announced = opened(file, size)
        return cls(stream, file_name=file_name, size=announced, limits=limits, formats=formats)

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def __iter__(self) -> Iterator[Line]:
        lines = (
            _xlsx_lines(self.stream)
            if self.kind == "xlsx"
            else _csv_lines(self.stream, self.problems, self.limits.max_cell_chars)
        )
        longest, most = self.limits.max_cell_chars, self.limits.max_rows + 1  # and a header
        for count, (number, cells) in enumerate(lines, start=1):
            if count > most:
                self.problem(
                    number, "", _("More than %(count)s rows; split the file.") % {"count": most - 1}
                )
                return
            if cells and max(map(len, cells)) > longest:
                for index, cell in enumerate(cells):
                    if len(cell) > longest:
                        self.problem(
                            number,
                            _column_name(index),
                            _("Longer than %(count)s characters.") % {"count": longest},
                        )
                        cells[index] = ""
            yield number, cells

    def cells(self) -> Iterator[list[str]]:
        """The rows alone, for a reader that stops at the first problem of the file."""
        for _number, cells in self:
            if self.problems:
                break
            yield cells
        if self.problems:
            raise FileRefused(str(self.problems[0]))


C = TypeVar("C")
R = TypeVar("R")


def _rereadable(stream: IO[bytes], limits: Limits) -> IO[bytes]:
    """The stream itself if it can go back; otherwise a temporary copy of it, within the limit."""
    if stream.seekable():
        return stream
    copy = tempfile.SpooledTemporaryFile(max_size=BLOCK_BYTES)  # noqa: SIM115 — returned open
    reader = bounded(stream, limits)
    while block := reader.read(BLOCK_BYTES):
        copy.write(block)
    copy.seek(0)
    return copy


@dataclass(frozen=True)
class Importer(Generic[C, R]):
    """A parser plugged into the pipeline.

    `parser(table, context)` yields the record of every good line of the table, one at a
    time, and adds a problem for every bad one; `refuse(problems)` is the error the
    importer's callers expect when any line is bad. `records()` gives the records to the
    importer's service, which stores them a batch at a time in one transaction.
    """

    name: str
    label: str | Promise
    parser: Callable[[Table, C], Iterable[R]]
    refuse: Callable[[list[Problem]], Exception] = ImportRefused
    formats: tuple[str, ...] = FORMATS
    limits: Limits = LIMITS

    def table(self, file: ImportFile, *, file_name: str = "", size: int | None = None) -> Table:
        return Table.of(
            file, file_name=file_name, size=size, limits=self.limits, formats=self.formats
        )

    def parse(self, table: Table, context: C) -> list[R]:
        """Every record of the table at once, its bad lines in the table's problems."""
        return list(self.parser(table, context))

    def records(
        self, file: ImportFile, *, context: C, file_name: str = "", size: int | None = None
    ) -> Iterator[R]:
        """The file's records, one at a time, once a first reading has found no bad line;
        the importer's refusal, naming every bad line, before anything is written if it has.

        The first reading keeps no record, only the problems; the records are then read again
        from the start of the file (a stream that cannot go back is first copied to a
        temporary file), so that memory holds one record, not the file's."""
        stream, size = opened(file, size)
        check_size(size, self.limits)
        stream = _rereadable(stream, self.limits)
        start = stream.tell()
        table = self.table(stream, file_name=file_name, size=size)
        for _record in self.parser(table, context):
            pass  # only the problems are wanted now
        if table.problems:
            raise self.refuse(sorted(table.problems, key=attrgetter("line")))
        stream.seek(start)
        return self._read_again(self.table(stream, file_name=file_name, size=size), context)

    def _read_again(self, table: Table, context: C) -> Iterator[R]:
        yield from self.parser(table, context)
        if table.problems:  # the file changed since it was checked: the transaction undoes all
            raise FileRefused(str(table.problems[0]))

    def read(
        self, file: ImportFile, *, context: C, file_name: str = "", size: int | None = None
    ) -> list[R]:
        """The file's records held at once, in one reading, or the importer's refusal naming
        every bad line: for a file whose records something else bounds (a distribution list
        names each of its cycle's beneficiaries once at most)."""
        table = self.table(file, file_name=file_name, size=size)
        records = self.parse(table, context)
        if table.problems:
            raise self.refuse(sorted(table.problems, key=attrgetter("line")))
        return records

    def sha256(self, file: ImportFile) -> str:
        """The file's hash, by which a file imported before is known again."""
        return file_sha256(file, self.limits)


STORE_BATCH = 1000  # records a service stores at a time


def batches(records: Iterable[R], size: int = STORE_BATCH) -> Iterator[list[R]]:
    """The records in lists of `size`, for a service that stores them a batch at a time."""
    batch: list[R] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


FIRST_LINES_CACHE_KIB = 1024  # of a file's keys held in memory (SQLite's page cache)


class FirstLines:
    """The line on which each row's key (what may appear once in a file: an id, an area and
    a period) first appears, to name it when a later row repeats the key.

    The keys are kept in a private temporary SQLite file, deleted when closed, of which
    FIRST_LINES_CACHE_KIB at most is held in memory: a file of any length is checked for
    repeated rows in the same memory. Use it as a context manager.
    """

    def __init__(self) -> None:
        self._keys = sqlite3.connect("")  # "": a temporary file on disk, not in memory
        self._keys.execute(f"PRAGMA cache_size = -{FIRST_LINES_CACHE_KIB}")
        self._keys.execute(
            "CREATE TABLE first_line (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )

    def earlier_line(self, key: str, line: int) -> int | None:
        """The line on which `key` appeared before; None if it did not, and `line` is then
        kept as its first."""
        found = self._keys.execute("SELECT line FROM first_line WHERE key = ?", (key,)).fetchone()
        if found is not None:
            return int(found[0])
        self._keys.execute("INSERT INTO first_line (key, line) VALUES (?, ?)", (key, line))
        return None

    def close(self) -> None:
        self._keys.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ImportFileField(forms.FileField):
    """A file to import, cleaned to the upload itself (to be read as a stream); one that
    announces more than the importer's limit is refused here."""

    def __init__(self, *, importer: Importer[Any, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.importer = importer

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return upload
        try:
            check_size(upload.size or 0, self.importer.limits)
        except FileTooLarge as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload


@dataclass(frozen=True)
class Registered:
    importer: Importer[Any, Any]
    service: Callable[..., object]  # the service that reads the file and stores its records


_IMPORTERS: dict[str, Registered] = {}


def register_importer(
    importer: Importer[Any, Any],
    *,
    service: Callable[..., object],
) -> None:
    """Make an importer known (from the app's `plugins.py`) with the service that stores."""
    _IMPORTERS[importer.name] = Registered(importer, service)


def importers() -> Mapping[str, Registered]:
    return dict(_IMPORTERS)

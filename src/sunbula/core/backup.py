"""Backup and restore of a whole installation: the database, the uploaded documents and a
manifest that proves a restore brought back exactly what was saved.

One archive (tar, gzip-compressed when its name ends in `.gz`) holds:

- `manifest.json`: format version, database vendor, Sunbula version, the fingerprints of the
  registry's encryption keys (never the keys), and every table's row count and checksum;
- the database: SQLite through its online backup API (`database.sqlite3`), PostgreSQL through
  `pg_dump --format=custom` (`database.pgdump`) from the same snapshot the checksums read;
- `media/`: the uploaded documents under the data directory.

A restore refuses an archive whose keys are not configured (the personal data would be
unreadable), replaces the database and the documents, then compares every table with the
manifest and fails loudly on any difference.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
MEDIA = "media"
# Folders under the data directory that hold uploads people made (not caches or outputs).
MEDIA_FOLDERS = ("documents",)
BLOCK = 1024 * 1024

Log = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str


# Table checksums -------------------------------------------------------------------------


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_row_sql(cursor: Any, table: str) -> str:
    cursor.execute(f'PRAGMA table_info("{table}")')
    columns = [row[1] for row in cursor.fetchall()]
    # quote() gives each value's SQL literal: exact, and untouched by type converters.
    row = " || ',' || ".join(f'quote("{column}")' for column in columns) or "''"
    return f'SELECT {row} AS r FROM "{table}" ORDER BY 1'  # noqa: S608 — names from the catalogue


def _postgres_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgres_row_sql(cursor: Any, table: str) -> str:
    # A row's text form is PostgreSQL's own canonical rendering of every column.
    return f'SELECT t::text AS r FROM "{table}" AS t ORDER BY 1'  # noqa: S608 — catalogue names


def table_sums(cursor: Any, vendor: str) -> dict[str, TableSum]:
    """Row count and SHA-256 of every table, rows in a fixed order, as the cursor sees them."""
    tables, row_sql = (
        (_sqlite_tables(cursor), _sqlite_row_sql)
        if vendor == "sqlite"
        else (_postgres_tables(cursor), _postgres_row_sql)
    )
    sums = {}
    for table in tables:
        digest = hashlib.sha256()
        count = 0
        cursor.execute(row_sql(cursor, table))
        while rows := cursor.fetchmany(2000):
            for (row,) in rows:
                digest.update(str(row).encode())
                digest.update(b"\n")
            count += len(rows)
        sums[table] = TableSum(rows=count, sha256=digest.hexdigest())
    return sums


def live_table_sums() -> dict[str, TableSum]:
    """The checksums of the database Sunbula is connected to."""
    with connection.cursor() as cursor:
        return table_sums(cursor, connection.vendor)


# Keys, media, manifest -------------------------------------------------------------------


def configured_key_fingerprints() -> list[str]:
    """Fingerprints of the registry keys in force (settings, else the demo's key file)."""
    keys = list(settings.REGISTRY_KEYS)
    key_file = Path(settings.REGISTRY_KEY_FILE)
    if not keys and key_file.exists():
        keys = key_file.read_text(encoding="utf-8").split()
    return [key_fingerprint(key) for key in keys if key.strip()]


def key_fingerprint(key: str) -> str:
    """An id for a key that reveals nothing of it: enough to tell whether it is configured."""
    return hashlib.sha256(b"sunbula key fingerprint:" + key.strip().encode()).hexdigest()[:16]


def _media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.VAR_DIR)
    for folder in MEDIA_FOLDERS:
        base = root / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    yield path.relative_to(root).as_posix(), path


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def media_sums() -> dict[str, str]:
    """SHA-256 of every uploaded document, by its path under the data directory."""
    return {name: _file_sha256(path) for name, path in _media_files()}


def _sunbula_version() -> str:
    try:
        return importlib.metadata.version("sunbula")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _manifest(vendor: str, dump: str, tables: Mapping[str, TableSum]) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "vendor": vendor,
        "sunbula_version": _sunbula_version(),
        "database": dump,
        "key_fingerprints": configured_key_fingerprints(),
        "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in tables.items()},
        "media": media_sums(),
    }


# Backup ------------------------------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the connection Sunbula uses (password never on a command line)."""
    database = connection.settings_dict
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    environment = {**os.environ, "PGDATABASE": str(database["NAME"])}
    environment.update(
        {variable: str(database[key]) for key, variable in names.items() if database.get(key)}
    )
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(sslmode)
    return environment


def _run(command: list[str]) -> None:
    done = subprocess.run(  # noqa: S603 — fixed programs, arguments are paths and ids
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _dump_sqlite(work: Path) -> tuple[Path, dict[str, TableSum]]:
    dump = work / SQLITE_DUMP
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)  # consistent, while others keep working
        sums = table_sums(target.cursor(), "sqlite")  # from the copy: exactly what is saved
    finally:
        target.close()
    return dump, sums


def _dump_postgres(work: Path) -> tuple[Path, dict[str, TableSum]]:
    dump = work / POSTGRES_DUMP
    # pg_dump reads the snapshot this transaction exported, so the checksums and the dump
    # see the same data however busy the server is.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ]
            )
            sums = table_sums(cursor, "postgresql")
        finally:
            cursor.execute("ROLLBACK")
    return dump, sums


def backup_write(path: Path, *, log: Log = lambda line: None) -> dict[str, Any]:
    """Write the archive to `path` (atomically: a half-written archive never has its name)."""
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"No backup for {connection.vendor} databases.")
    if connection.in_atomic_block:
        raise BackupError("A backup runs outside any transaction.")
    path = path.resolve()
    with tempfile.TemporaryDirectory(prefix="sunbula-backup-") as folder:
        work = Path(folder)
        dumper = _dump_sqlite if connection.vendor == "sqlite" else _dump_postgres
        dump, sums = dumper(work)
        manifest = _manifest(connection.vendor, dump.name, sums)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz" if path.suffix == ".gz" else "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            archive.add(dump, arcname=dump.name)
            for name, file in _media_files():
                if name in manifest["media"]:
                    archive.add(file, arcname=f"{MEDIA}/{name}")
        partial.replace(path)
    log(
        f"Backed up {len(sums)} tables ({sum(s.rows for s in sums.values())} rows) and "
        f"{len(manifest['media'])} documents to {path}."
    )
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


# Restore -----------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} is not a Sunbula backup: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
    return manifest


def missing_keys(manifest: Mapping[str, Any]) -> list[str]:
    """Fingerprints of keys the backup's personal data needs that are not configured."""
    configured = set(configured_key_fingerprints())
    return [key for key in manifest.get("key_fingerprints", []) if key not in configured]


def differences(manifest: Mapping[str, Any]) -> list[str]:
    """Tables and documents that differ from the manifest, one line each (none: identical)."""
    expected = {name: TableSum(**value) for name, value in manifest["tables"].items()}
    found = live_table_sums()
    lines = [
        f"table {name}: {expected.get(name)} expected, {found.get(name)} found"
        for name in sorted(expected.keys() | found.keys())
        if expected.get(name) != found.get(name)
    ]
    media = media_sums()
    lines += [
        f"document {name} differs"
        for name in sorted(manifest["media"].keys() | media.keys())
        if manifest["media"].get(name) != media.get(name)
    ]
    return lines


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)  # page by page, under SQLite's own locks
    finally:
        source.close()


def _restore_postgres(dump: Path) -> None:
    connection.close()  # our own idle connection must not hold the tables pg_restore drops
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _restore_media(archive: tarfile.TarFile, work: Path) -> None:
    members = [member for member in archive.getmembers() if member.name.startswith(f"{MEDIA}/")]
    archive.extractall(work, members=members, filter="data")
    root = Path(settings.VAR_DIR)
    for folder in MEDIA_FOLDERS:
        shutil.rmtree(root / folder, ignore_errors=True)
        saved = work / MEDIA / folder
        if saved.is_dir():
            shutil.copytree(saved, root / folder)


def backup_restore(path: Path, *, check_keys: bool = True, log: Log = lambda line: None) -> None:
    """Replace the database and the documents with the archive's, and prove they match."""
    manifest = read_manifest(path)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; this server uses "
            f"{connection.vendor}."
        )
    if check_keys and (missing := missing_keys(manifest)):
        raise BackupError(
            "The registry keys this backup was made with are not configured (fingerprints "
            f"{', '.join(missing)}); set SUNBULA_REGISTRY_KEYS first."
        )
    if connection.in_atomic_block:
        raise BackupError("A restore runs outside any transaction.")
    with tempfile.TemporaryDirectory(prefix="sunbula-restore-") as folder:
        work = Path(folder)
        with tarfile.open(path, "r:*") as archive:
            archive.extract(manifest["database"], work, filter="data")
            dump = work / manifest["database"]
            if manifest["vendor"] == "sqlite":
                _restore_sqlite(dump)
            else:
                _restore_postgres(dump)
            _restore_media(archive, work)
    connection.close()  # the next query sees the restored schema afresh (kept in memory)
    if problems := differences(manifest):
        raise BackupError("The restored data differs from the backup:\n" + "\n".join(problems))
    log(
        f"Restored {len(manifest['tables'])} tables and {len(manifest['media'])} documents "
        f"from {path}; every checksum matches the backup."
    )

"""Person imports: the job's steps and the bulk insert of checked rows, sealed a batch at a time."""

from __future__ import annotations

import itertools
import operator
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from sunbula.core.audit import (
    create_audited,
    current_request_id,
    save_audited,
    snapshot,
    update_audited,
)
from sunbula.core.imports import batches
from sunbula.core.models import AuditEntry, Country, User
from sunbula.core.reasons import Reason
from sunbula.registry import protection
from sunbula.registry.models import (
    CONSENT_BEFORE_BIRTH,
    DuplicatePair,
    ImportJob,
    Person,
)
from sunbula.registry.services.duplicates import likely_pairs
from sunbula.registry.services.persons import (
    PERSONAL_FIELDS,
    PUBLIC_PERSON_FIELDS,
    SEALED_COLUMNS,
    _born_after_consent,
    _derive,
    _derived,
    _person_change,
    _person_values,
)
from sunbula.registry.validation import (
    IMPORTED_FIELDS,
    SAME_ID_TWICE,
    PersonRow,
    import_row_problems,
)


def _import_job_open(
    *, actor: User, file_name: str, country: Country, values: dict[str, Any]
) -> ImportJob:
    """A new import of `file_name` into `country`, started by `actor`."""
    return create_audited(
        actor=actor,
        model=ImportJob,
        values={"file_name": file_name[:255], "country": country, **values, "started_by": actor},
    )


@transaction.atomic
def import_job_start(
    *, actor: User, file_name: str, country: Country, total_rows: int = 0
) -> ImportJob:
    return _import_job_open(
        actor=actor, file_name=file_name, country=country, values={"total_rows": total_rows}
    )


@transaction.atomic
def import_job_queue(
    *,
    actor: User,
    file_name: str,
    country: Country,
    stored_file: str,
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    """An uploaded file waiting for the import worker."""
    waiting = {
        "status": ImportJob.Status.PENDING,
        "stored_file": stored_file,
        "mapping": dict(mapping or {}),
    }
    return _import_job_open(actor=actor, file_name=file_name, country=country, values=waiting)


@transaction.atomic
def import_job_fail(
    *,
    actor: User,
    job: ImportJob,
    problems: list[dict[str, Any]],
    processed_rows: int | None = None,
) -> ImportJob:
    """Close a refused import: nothing was stored, every problem is listed, and (where
    given) how many rows were checked to find them."""
    values: dict[str, Any] = {
        "status": ImportJob.Status.FAILED,
        "problems": problems,
        "finished_at": timezone.now(),
    }
    if processed_rows is not None:
        values["processed_rows"] = processed_rows
    return update_audited(actor=actor, obj=job, values=values)


def _audit_entry(actor: User, action: str, person: Person, after: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        actor_email=actor.email,
        action=action,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        after=after,
        request_id=current_request_id.get(),
    )


IMPORT_BATCH = 1000


LOOKUP_CHUNK = 900  # below SQLite's limit of bound parameters
PAIR_CHUNK = 5000


class ImportRowsRefused(ValidationError):
    """Rows an import cannot store; `problems` names each one's line, field and reason."""

    def __init__(self, problems: list[tuple[int, str, Reason]]) -> None:
        errors: dict[str, list[str]] = {}
        for line, name, message in problems:
            errors.setdefault(name, []).append(f"{line}: {message}")
        super().__init__(errors)
        self.problems = problems


def _existing_ids(
    country: Country, external_ids: Sequence[str], *, above: int | None = None
) -> dict[str, int]:
    """Ids of the country's records with these external ids (and an id above `above`)."""
    found: dict[str, int] = {}
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        if above is not None:  # just inserted: one range scan instead of thousands of parameters
            cursor.execute(
                f"SELECT external_id, id FROM {table} WHERE country_id = %s AND id > %s",  # noqa: S608
                [country.pk, above],
            )
            wanted = set(external_ids)
            return {key: pk for key, pk in cursor.fetchall() if key in wanted}
        for start in range(0, len(external_ids), LOOKUP_CHUNK):
            chunk = list(external_ids[start : start + LOOKUP_CHUNK])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT external_id, id FROM {table} "  # noqa: S608 — names from _meta
                f"WHERE country_id = %s AND external_id IN ({marks})",
                [country.pk, *chunk],
            )
            found.update(cursor.fetchall())
    return found


SEALED_PARTS = tuple(
    model_field.name
    for model_field in Person._meta.private_fields
    if isinstance(model_field, protection.SealedPart)
)


def _insert_people(
    country: Country, rows: Sequence[PersonRow], sealer: protection.Sealer
) -> list[int]:
    """Insert new persons with one `executemany` per batch; their ids, in row order.

    The rows are checked already (import_row_problems); each person's protected fields are
    sealed here as one token, with the keys resolved once, and the columns every row shares
    are prepared once, so the per-field preparation of bulk_create is not repeated for every row.
    """
    template = Person(country=country)
    now = timezone.now()
    varying = {"external_id", "admin_area_id", *IMPORTED_FIELDS, *SEALED_COLUMNS}
    columns = [field for field in Person._meta.concrete_fields if not field.primary_key]
    # The columns every row shares first, then each row's own, the sealed token last: a row's
    # parameters are the shared values, its own, its token.
    columns.sort(key=lambda field: (field.attname == "sealed", field.attname in varying))
    shared = tuple(
        model_field.get_db_prep_save(
            now
            if getattr(model_field, "auto_now", False)
            or getattr(model_field, "auto_now_add", False)
            else getattr(template, model_field.attname),
            connection,
        )
        for model_field in columns
        if model_field.attname not in varying
    )
    own = operator.itemgetter(*(field.attname for field in columns[len(shared) : -1]))
    # A row's own values go to the cursor as they are, but for JSON (its vulnerabilities),
    # which each database takes in its own form.
    as_json = [
        model_field
        for model_field in columns[len(shared) : -1]
        if isinstance(model_field, models.JSONField)
    ]
    defaults = {name: getattr(template, name) for name in IMPORTED_FIELDS}
    table = connection.ops.quote_name(Person._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column or "") for field in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 — names from _meta
    highest = Person.objects.aggregate(highest=Max("pk"))["highest"] or 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), IMPORT_BATCH):
            records: list[dict[str, Any]] = []
            for row in rows[start : start + IMPORT_BATCH]:
                record = {**defaults, **row.values}
                for name in PERSONAL_FIELDS:
                    record[name] = (record[name] or "").strip()
                record.update(_derived(record, sealer))
                area = record.get("admin_area")
                record["admin_area_id"] = area.pk if area is not None else None
                record["external_id"] = row.external_id
                for model_field in as_json:
                    name = model_field.attname
                    record[name] = model_field.get_db_prep_save(record[name], connection)
                records.append(record)
            cursor.executemany(
                sql,
                [
                    (
                        *shared,
                        *own(record),
                        sealer.seal({name: record[name] for name in SEALED_PARTS}),
                    )
                    for record in records
                ],
            )
    ids = _existing_ids(country, [row.external_id for row in rows], above=highest)
    return [ids[row.external_id] for row in rows]


class IdRanges:
    """Ids kept as [first, last] ranges of consecutive ids, in the order they came: the
    records an import inserts one after the other take a few ranges, not a number each."""

    def __init__(self) -> None:
        self.ranges: list[list[int]] = []
        self.count = 0

    def extend(self, ids: Iterable[int]) -> None:
        for pk in ids:
            if self.ranges and self.ranges[-1][1] + 1 == pk:
                self.ranges[-1][1] = pk
            else:
                self.ranges.append([pk, pk])
            self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[int]:
        for first, last in self.ranges:
            yield from range(first, last + 1)

    def in_order(self) -> list[list[int]]:
        """[[first, last], …] in order, those that follow on joined: an audit entry names
        100,000 records in a few bytes."""
        joined: list[list[int]] = []
        for first, last in sorted(self.ranges):
            if joined and joined[-1][1] + 1 == first:
                joined[-1][1] = last
            else:
                joined.append([first, last])
        return joined


JOB_AUDITED = (
    "status",
    "processed_rows",
    "created_rows",
    "updated_rows",
    "file_sha256",
    "finished_at",
)


def _queue_likely_pairs(people: Iterable[int]) -> IdRanges:
    """The review-queue pairs an import's records form with the registry, stored in bulk and
    named in the import's audit entry; a pair a reviewer decided already is not reopened.

    The records are matched PAIR_CHUNK at a time, so that memory holds one chunk's pairs; a
    pair two chunks find is stored by the first and known to the second."""
    stored = IdRanges()
    for chunk in batches(people, PAIR_CHUNK):
        stored.extend(_queue_pairs_of(chunk))
    return stored


def _queue_pairs_of(people: Sequence[int]) -> list[int]:
    found = likely_pairs(people)
    if not found:
        return []
    ids = sorted({first.pk for first, _second, _evidence, _chance in found})
    known: set[tuple[int, int]] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        known.update(
            DuplicatePair.objects.filter(
                person_1_id__in=ids[start : start + LOOKUP_CHUNK]
            ).values_list("person_1_id", "person_2_id")
        )
    new = [
        DuplicatePair(
            person_1_id=first.pk,
            person_2_id=second.pk,
            country_id=first.country_id,
            score=chance,
            evidence=evidence,
        )
        for first, second, evidence, chance in found
        if (first.pk, second.pk) not in known
    ]
    stored = DuplicatePair.objects.bulk_create(new, batch_size=IMPORT_BATCH)
    return [pair.pk for pair in stored if pair.pk is not None]


@dataclass
class _Stored:
    """What an import has stored so far: only ids, kept compactly, never the rows."""

    rows: int = 0
    created: IdRanges = field(default_factory=IdRanges)
    updated: array[int] = field(default_factory=lambda: array("q"))


@transaction.atomic
def people_import(
    *, actor: User, job: ImportJob, rows: Iterable[PersonRow], file_sha256: str = ""
) -> ImportJob:
    """Store the rows of a checked file, all or none; a known external id updates its record.

    An import is one write of one file: new records are inserted in batches and named, with
    the file's hash and the counts, in the job's single audit entry. A record the file changes
    gets an entry of its own with the public fields that changed (its history shows the
    change). Every row is validated against the model's rules (import_row_problems); if one
    breaks them, nothing is stored and ImportRowsRefused names every problem's line.

    The rows are read once, a batch at a time, and only the stored records' ids are kept, so
    `rows` may be a generator over a file of any length: the batches are stored inside this
    one transaction, which a refused row rolls back whole.
    """
    country = job.country
    sealer = protection.Sealer()
    stored = _Stored()
    before_import = Person.objects.aggregate(highest=Max("pk"))["highest"] or 0
    refused: list[tuple[int, str, Reason]] = []
    for batch in batches(rows, IMPORT_BATCH):
        stored.rows += len(batch)
        problems = import_row_problems(batch, country=country)
        if not problems and not refused:
            problems = _store_batch(actor, job, batch, sealer, stored, before_import)
        refused.extend(problems)
    if refused:
        raise ImportRowsRefused(refused)  # and the transaction undoes the stored batches
    pairs = _queue_likely_pairs(itertools.chain(stored.created, stored.updated))
    before = snapshot(job, JOB_AUDITED)
    job.status = ImportJob.Status.SUCCEEDED
    job.processed_rows = stored.rows
    job.created_rows = len(stored.created)
    job.updated_rows = len(stored.updated)
    job.file_sha256 = file_sha256
    job.finished_at = timezone.now()
    return save_audited(
        actor=actor,
        obj=job,
        verb="imported",
        before=before,
        fields=JOB_AUDITED,
        also={
            "rows": stored.rows,
            "created_people": stored.created.in_order(),
            "updated_people": sorted(stored.updated),
            "duplicate_pairs": pairs.in_order(),
        },
    )


def _store_batch(
    actor: User,
    job: ImportJob,
    rows: Sequence[PersonRow],
    sealer: protection.Sealer,
    stored: _Stored,
    before_import: int,
) -> list[tuple[int, str, Reason]]:
    """Insert a batch's new records and update its known ones; its rows whose id an earlier
    batch of this import stored already are refused instead."""
    country = job.country
    known = _existing_ids(country, [row.external_id for row in rows if row.external_id])
    repeated = [
        (row.line, "external_id", SAME_ID_TWICE)
        for row in rows
        if known.get(row.external_id, 0) > before_import
    ]
    if repeated:
        return repeated
    new_rows = [row for row in rows if row.external_id not in known]
    changed_people: list[Person] = []
    entries: list[AuditEntry] = []
    existing: dict[str, Person] = {}
    known_pks = list(known.values())
    for start in range(0, len(known_pks), LOOKUP_CHUNK):
        chunk = known_pks[start : start + LOOKUP_CHUNK]
        existing.update(
            (person.external_id, person) for person in Person.objects.filter(pk__in=chunk)
        )
    births: dict[int, str] = {}
    line_of: dict[int, int] = {}
    for row in rows:
        person = existing.get(row.external_id)
        if person is None:
            continue
        values = _person_values(row.values)
        if set(values.get("vulnerabilities", ())) == set(person.vulnerabilities or ()):
            values.pop("vulnerabilities", None)  # the same ones, perhaps in another order
        change = _person_change(person, values)
        if change.is_empty:
            continue
        if "birth_date" in change.personal:
            births[person.pk] = person.birth_date
            line_of[person.pk] = row.line
        _derive(person, sealer)
        changed_people.append(person)
        entries.append(
            _audit_entry(
                actor,
                "registry.person.updated",
                person,
                {
                    **{name: change.after[name] for name in change.public},
                    "personal_fields": change.personal,
                    "import": job.pk,
                },
            )
        )
    if born_later := _born_after_consent(births):
        return sorted((line_of[pk], "birth_date", CONSENT_BEFORE_BIRTH) for pk in born_later)
    if new_rows:
        stored.created.extend(_insert_people(country, new_rows, sealer))
    if changed_people:
        Person.objects.bulk_update(
            changed_people, [*PUBLIC_PERSON_FIELDS, *SEALED_COLUMNS], batch_size=IMPORT_BATCH
        )
        stored.updated.extend(person.pk for person in changed_people)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return []

"""Every write to the registry: keyword-only, typed, atomic, audited.

Audit entries of persons name the personal fields that changed, never their values: the
audit log is read by people without protection clearance.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    current_request_id,
    given_fields,
    snapshot,
    update_audited,
    upsert_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.models import AdminArea, AuditEntry, Country, Organisation, Site, User
from sunbula.registry import protection
from sunbula.registry.models import (
    Consent,
    DuplicatePair,
    Farmer,
    Headcount,
    Household,
    ImportJob,
    Institution,
    Merge,
    Person,
)
from sunbula.registry.names import skeleton, transliterate
from sunbula.registry.validation import IMPORTED_FIELDS, PersonRow, import_row_problems

PERSONAL_FIELDS = ("given_name", "family_name", "father_name", "birth_date", "phone", "id_number")
PUBLIC_PERSON_FIELDS = (
    "external_id",
    "country",
    "admin_area",
    "household",
    "relation_to_head",
    "sex",
    "id_document_type",
    "displacement_status",
    "vulnerabilities",
    "status",
    "duplicate_of",
    "is_synthetic",
)


class HouseholdFields(TypedDict, total=False):
    """What `household_update` takes."""

    reference: str
    external_id: str
    country: Country
    admin_area: AdminArea | None
    displacement_status: str
    vulnerabilities: Iterable[str]
    is_synthetic: bool


HOUSEHOLD_FIELDS = tuple(HouseholdFields.__annotations__)


class InstitutionFields(TypedDict, total=False):
    """What `institution_update` takes; a new site brings its country."""

    name: str
    name_translations: dict[str, str]
    kind: str
    status: str
    site: Site
    country: Country
    operating_organisation: Organisation | None
    is_illustrative: bool


INSTITUTION_FIELDS = tuple(InstitutionFields.__annotations__)


class PersonFields(TypedDict, total=False):
    """What `person_update` takes: the public fields and the personal ones (sealed)."""

    external_id: str
    country: Country
    admin_area: AdminArea | None
    household: Household | None
    relation_to_head: str
    sex: str
    id_document_type: str
    displacement_status: str
    vulnerabilities: Iterable[str]
    status: str
    duplicate_of: Person | None
    is_synthetic: bool
    given_name: str
    family_name: str
    father_name: str
    birth_date: str
    phone: str
    id_number: str


class RegistryError(DomainError):
    pass


# Households


@transaction.atomic
def household_create(
    *,
    actor: User | None,
    country: Country,
    reference: str,
    admin_area: AdminArea | None = None,
    external_id: str = "",
    displacement_status: str = "resident",
    vulnerabilities: Sequence[str] = (),
    is_synthetic: bool = False,
) -> Household:
    """Register a household under a reference unique in its country."""
    return create_audited(
        actor=actor,
        model=Household,
        values={
            "country": country,
            "reference": reference,
            "admin_area": admin_area,
            "external_id": external_id,
            "displacement_status": displacement_status,
            "vulnerabilities": list(vulnerabilities),
            "is_synthetic": is_synthetic,
        },
    )


@transaction.atomic
def household_update(
    *, actor: User, household: Household, **fields: Unpack[HouseholdFields]
) -> Household:
    """Change the fields given; the others keep their values."""
    values = given_fields("household_update", fields, HOUSEHOLD_FIELDS)
    if "vulnerabilities" in values:
        values["vulnerabilities"] = list(values["vulnerabilities"])
    return update_audited(actor=actor, obj=household, values=values)


# Persons


def _derived(values: Mapping[str, Any], sealer: protection.Sealer | None = None) -> dict[str, str]:
    """Transliterations, the name key and the look-up hashes of the names and numbers."""
    hashes: Any = sealer or protection
    given_name, family_name = values.get("given_name") or "", values.get("family_name") or ""
    given, family = skeleton(given_name), skeleton(family_name)
    return {
        "given_name_latin": transliterate(given_name),
        "family_name_latin": transliterate(family_name),
        "father_name_latin": transliterate(values.get("father_name") or ""),
        "name_key": hashes.lookup_hash(f"name:{given}|{family}") if given else "",
        "phone_hash": hashes.phone_hash(values.get("phone") or ""),
        "id_number_hash": hashes.id_number_hash(values.get("id_number") or ""),
    }


def _derive(person: Person, sealer: protection.Sealer | None = None) -> None:
    """Transliterations, the name key and the look-up hashes follow the names and numbers."""
    values = {name: getattr(person, name) for name in PERSONAL_FIELDS}
    for name, value in _derived(values, sealer).items():
        setattr(person, name, value)


def _person_snapshot(person: Person, personal: Iterable[str]) -> dict[str, Any]:
    values = snapshot(person, PUBLIC_PERSON_FIELDS)
    values["personal_fields"] = sorted(personal)
    return values


def _person_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PUBLIC_PERSON_FIELDS) - set(PERSONAL_FIELDS)
    unknown -= {"status", "duplicate_of"}
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    cleaned = dict(values)
    for name in PERSONAL_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "vulnerabilities" in cleaned:
        cleaned["vulnerabilities"] = list(cleaned["vulnerabilities"])
    return cleaned


def _check_household(person: Person) -> None:
    if person.household_id is not None:
        household_country = (
            Household.objects.filter(pk=person.household_id)
            .values_list("country_id", flat=True)
            .first()
        )
        if household_country != person.country_id:
            raise ValidationError({"household": _("The household is in another country.")})


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    country: Country,
    given_name: str,
    family_name: str = "",
    father_name: str = "",
    sex: str = "",
    birth_date: str = "",
    phone: str = "",
    id_document_type: str = "",
    id_number: str = "",
    household: Household | None = None,
    relation_to_head: str = "",
    admin_area: AdminArea | None = None,
    displacement_status: str = "resident",
    vulnerabilities: Sequence[str] = (),
    external_id: str = "",
    is_synthetic: bool = False,
) -> Person:
    """Register someone; personal fields are encrypted, phone and identity number hashed."""
    person = Person(
        country=country,
        **_person_values(
            {
                "given_name": given_name,
                "family_name": family_name,
                "father_name": father_name,
                "sex": sex,
                "birth_date": birth_date,
                "phone": phone,
                "id_document_type": id_document_type,
                "id_number": id_number,
                "household": household,
                "relation_to_head": relation_to_head,
                "admin_area": admin_area,
                "displacement_status": displacement_status,
                "vulnerabilities": vulnerabilities,
                "external_id": external_id,
                "is_synthetic": is_synthetic,
            }
        ),
    )
    _derive(person)
    person.full_clean()
    _check_household(person)
    person.save()
    personal = [name for name in PERSONAL_FIELDS if getattr(person, name)]
    audit_record(
        actor=actor,
        action="registry.person.registered",
        obj=person,
        after=_person_snapshot(person, personal),
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Unpack[PersonFields]) -> Person:
    """Change a person's record; the audit entry names personal fields, not their values."""
    cleaned = _person_values(dict(fields))
    before = snapshot(person, PUBLIC_PERSON_FIELDS)
    changed_personal = [
        name
        for name in PERSONAL_FIELDS
        if name in cleaned and cleaned[name] != getattr(person, name)
    ]
    for name, value in cleaned.items():
        setattr(person, name, value)
    after = snapshot(person, PUBLIC_PERSON_FIELDS)
    if before == after and not changed_personal:
        return person
    _derive(person)
    person.full_clean()
    _check_household(person)
    person.save()
    changed = [name for name in PUBLIC_PERSON_FIELDS if before[name] != after[name]]
    audit_record(
        actor=actor,
        action="registry.person.updated",
        obj=person,
        before={name: before[name] for name in changed},
        after={**{name: after[name] for name in changed}, "personal_fields": changed_personal},
    )
    return person


@transaction.atomic
def personal_data_access_record(
    *, actor: User, people: Sequence[Person], channel: str, reason: str = ""
) -> None:
    """Someone with protection clearance saw these records unmasked (page, API or export)."""
    if not people:
        return
    audit_record(
        actor=actor,
        action="registry.person.viewed_unmasked",
        obj=people[0] if len(people) == 1 else None,
        object_repr=f"{len(people)} × {channel}",
        after={"people": [person.pk for person in people], "channel": channel, "reason": reason},
    )


@transaction.atomic
def person_export_record(
    *, actor: User, country_ids: Sequence[int], count: int, unmasked: bool, reason: str
) -> None:
    """An export of the registry, with the reason its author gave."""
    if unmasked and not reason.strip():
        raise RegistryError(_("State why you export personal data."))
    audit_record(
        actor=actor,
        action="registry.person.exported",
        object_repr=_("%(count)s persons") % {"count": count},
        after={
            "count": count,
            "unmasked": unmasked,
            "reason": reason.strip(),
            "countries": list(country_ids),
        },
    )


# Institutions and headcounts


@transaction.atomic
def institution_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    site: Site,
    name_translations: dict[str, str] | None = None,
    status: str = "active",
    operating_organisation: Organisation | None = None,
    is_illustrative: bool = False,
) -> Institution:
    """An institution at a core site, in the site's country."""
    return create_audited(
        actor=actor,
        model=Institution,
        values={
            "name": name,
            "name_translations": name_translations or {},
            "kind": kind,
            "status": status,
            "site": site,
            "country": site.country,
            "operating_organisation": operating_organisation,
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def institution_update(
    *, actor: User | None, institution: Institution, **fields: Unpack[InstitutionFields]
) -> Institution:
    """Change the fields given; the others keep their values."""
    values = given_fields("institution_update", fields, INSTITUTION_FIELDS)
    if "site" in values:
        values["country"] = values["site"].country
    return update_audited(actor=actor, obj=institution, values=values)


@transaction.atomic
def headcount_record(
    *,
    actor: User | None,
    institution: Institution,
    counted_on: datetime.date,
    headcount: int,
    verified_by: str,
    method: str,
    special_diets: dict[str, int] | None = None,
    is_illustrative: bool = False,
) -> Headcount:
    """Record, or correct, the verified headcount of an institution on a day."""
    return upsert_audited(
        actor=actor,
        model=Headcount,
        lookup={"institution": institution, "counted_on": counted_on},
        values={
            "headcount": headcount,
            "verified_by": verified_by,
            "method": method,
            "special_diets": dict(special_diets or {}),
            "is_illustrative": is_illustrative,
        },
    )


# Farmers and consent


@transaction.atomic
def farmer_upsert(
    *,
    actor: User | None,
    person: Person,
    farm_area_ha: Decimal,
    tenure: str,
    irrigation: str,
    crops: Sequence[str] = (),
    group_name: str = "",
    extension_contacts: int = 0,
    last_extension_contact: datetime.date | None = None,
) -> Farmer:
    """Record, or update, what a person farms and how."""
    return upsert_audited(
        actor=actor,
        model=Farmer,
        lookup={"person": person},
        values={
            "farm_area_ha": farm_area_ha,
            "tenure": tenure,
            "irrigation": irrigation,
            "crops": list(crops),
            "group_name": group_name,
            "extension_contacts": extension_contacts,
            "last_extension_contact": last_extension_contact,
        },
    )


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    person: Person,
    purpose: str,
    given_on: datetime.date,
    method: str,
    expires_on: datetime.date | None = None,
) -> Consent:
    """A consent a person gave, for one purpose, until an expiry date or withdrawal."""
    return upsert_audited(
        actor=actor,
        model=Consent,
        lookup={"person": person, "purpose": purpose, "given_on": given_on},
        values={"method": method, "expires_on": expires_on},
    )


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, on: datetime.date | None = None) -> Consent:
    return update_audited(
        actor=actor, obj=consent, values={"withdrawn_on": on or timezone.localdate()}
    )


# Duplicates: review queue, merge and undo


def _ordered(one: Person, other: Person) -> tuple[Person, Person]:
    if one.pk == other.pk:
        raise RegistryError(_("A record cannot duplicate itself."))
    if one.country_id != other.country_id:
        raise RegistryError(_("Records in different countries are not merged."))
    return (one, other) if one.pk < other.pk else (other, one)


@transaction.atomic
def duplicate_pair_flag(
    *, actor: User | None, person_1: Person, person_2: Person, score: float
) -> DuplicatePair:
    """Send two records to the review queue (or refresh the score of a waiting pair)."""
    first, second = _ordered(person_1, person_2)
    existing = DuplicatePair.objects.filter(person_1=first, person_2=second).first()
    if existing is not None:
        if existing.status != DuplicatePair.Status.PENDING:
            return existing  # a reviewer decided already; a new run does not reopen it
        return update_audited(actor=actor, obj=existing, values={"score": round(score, 6)})
    return create_audited(
        actor=actor,
        model=DuplicatePair,
        values={
            "person_1": first,
            "person_2": second,
            "country": first.country,
            "score": round(score, 6),
        },
    )


def _decide(actor: User, pair: DuplicatePair, status: str) -> DuplicatePair:
    if pair.status != DuplicatePair.Status.PENDING:
        raise RegistryError(_("This pair has been decided already."))
    return update_audited(
        actor=actor,
        obj=pair,
        values={"status": status, "decided_by": actor, "decided_at": timezone.now()},
    )


@transaction.atomic
def duplicate_pair_confirm(*, actor: User, pair: DuplicatePair) -> Merge:
    """A reviewer says the two records are one person: the newer becomes a duplicate."""
    _decide(actor, pair, DuplicatePair.Status.CONFIRMED)
    return person_merge(actor=actor, survivor=pair.person_1, duplicate=pair.person_2, pair=pair)


@transaction.atomic
def duplicate_pair_dismiss(*, actor: User, pair: DuplicatePair) -> DuplicatePair:
    """A reviewer says the two records are different people."""
    return _decide(actor, pair, DuplicatePair.Status.DISMISSED)


def _root(person: Person) -> Person:
    while person.duplicate_of_id is not None:
        person = Person.objects.get(pk=person.duplicate_of_id)
    return person


@transaction.atomic
def person_merge(
    *,
    actor: User | None,
    survivor: Person,
    duplicate: Person,
    pair: DuplicatePair | None = None,
) -> Merge:
    """Mark `duplicate` a confirmed duplicate of `survivor`; entitlements follow the survivor."""
    survivor = _root(survivor)
    _ordered(survivor, duplicate)
    if duplicate.status == Person.Status.CONFIRMED_DUPLICATE:
        raise RegistryError(_("This record is already a confirmed duplicate."))
    previous = {"status": duplicate.status, "duplicate_of": duplicate.duplicate_of_id}
    merge = Merge.objects.create(
        survivor=survivor, duplicate=duplicate, pair=pair, previous=previous
    )
    # Records that pointed at the duplicate now point at the survivor, so a chain never forms.
    for follower in Person.objects.filter(duplicate_of=duplicate):
        _mark_duplicate(actor, follower, survivor)
    _mark_duplicate(actor, duplicate, survivor)
    audit_record(
        actor=actor,
        action="registry.person.merged",
        obj=merge,
        after={
            "survivor": survivor.pk,
            "duplicate": duplicate.pk,
            "pair": pair.pk if pair else None,
        },
    )
    return merge


def _mark_duplicate(actor: User | None, person: Person, survivor: Person) -> None:
    before = snapshot(person, ("status", "duplicate_of"))
    person.status = Person.Status.CONFIRMED_DUPLICATE
    person.duplicate_of = survivor
    person.full_clean()
    person.save(update_fields=["status", "duplicate_of", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.person.updated",
        obj=person,
        before=before,
        after=snapshot(person, ("status", "duplicate_of")),
    )


@transaction.atomic
def merge_undo(*, actor: User, merge: Merge) -> Merge:
    """Restore a merged record as it was; its review returns to the queue."""
    if merge.undone_at is not None:
        raise RegistryError(_("This merge has been undone already."))
    duplicate = Person.objects.select_for_update().get(pk=merge.duplicate_id)
    before = snapshot(duplicate, ("status", "duplicate_of"))
    duplicate.status = merge.previous.get("status", Person.Status.ACTIVE)
    duplicate.duplicate_of_id = merge.previous.get("duplicate_of")
    duplicate.full_clean()
    duplicate.save(update_fields=["status", "duplicate_of", "updated_at"])
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    if merge.pair is not None:
        update_audited(
            actor=actor,
            obj=merge.pair,
            values={"status": DuplicatePair.Status.PENDING, "decided_by": None, "decided_at": None},
        )
    audit_record(
        actor=actor,
        action="registry.person.merge_undone",
        obj=merge,
        before=before,
        after=snapshot(duplicate, ("status", "duplicate_of")),
    )
    return merge


# Imports


@transaction.atomic
def import_job_start(
    *, actor: User, file_name: str, country: Country, total_rows: int = 0
) -> ImportJob:
    return create_audited(
        actor=actor,
        model=ImportJob,
        values={
            "file_name": file_name[:255],
            "country": country,
            "total_rows": total_rows,
            "started_by": actor,
        },
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
    return create_audited(
        actor=actor,
        model=ImportJob,
        values={
            "file_name": file_name[:255],
            "country": country,
            "status": ImportJob.Status.PENDING,
            "stored_file": stored_file,
            "mapping": dict(mapping or {}),
            "started_by": actor,
        },
    )


@transaction.atomic
def import_job_claim(*, actor: User, job: ImportJob) -> bool:
    """The worker takes a waiting job; False if another worker took it first."""
    taken = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if not taken:
        return False
    job.status = ImportJob.Status.RUNNING
    audit_record(
        actor=actor,
        action="registry.importjob.claimed",
        obj=job,
        before={"status": ImportJob.Status.PENDING},
        after={"status": ImportJob.Status.RUNNING},
    )
    return True


@transaction.atomic
def import_job_progress(
    *, actor: User, job: ImportJob, processed_rows: int, total_rows: int | None = None
) -> ImportJob:
    """How far the worker has come; shown on the import page while it runs."""
    values: dict[str, Any] = {"processed_rows": processed_rows}
    if total_rows is not None:
        values["total_rows"] = total_rows
    return update_audited(actor=actor, obj=job, values=values)


@transaction.atomic
def import_job_fail(*, actor: User, job: ImportJob, problems: list[dict[str, Any]]) -> ImportJob:
    """Close a refused import: nothing was stored, every problem is listed."""
    return update_audited(
        actor=actor,
        obj=job,
        values={
            "status": ImportJob.Status.FAILED,
            "problems": problems,
            "finished_at": timezone.now(),
        },
    )


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


class ImportRowsRefused(ValidationError):
    """Rows an import cannot store; `problems` names each one's line, field and reason."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
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


ENCRYPTED = tuple(
    model_field.attname
    for model_field in Person._meta.concrete_fields
    if isinstance(model_field, protection.EncryptedTextField)
)


def _insert_people(
    country: Country, rows: Sequence[PersonRow], sealer: protection.Sealer
) -> list[int]:
    """Insert new persons with one `executemany` per batch; their ids, in row order.

    The rows are checked already (import_row_problems); personal fields are sealed here, a
    batch at a time, with the keys resolved once, and the columns every row shares are
    prepared once, so the per-field preparation of bulk_create is not repeated for every row.
    """
    template = Person(country=country)
    now = timezone.now()
    varying = {"external_id", "admin_area_id", *IMPORTED_FIELDS, *ENCRYPTED}
    varying |= {"name_key", "phone_hash", "id_number_hash"}
    columns = [field for field in Person._meta.concrete_fields if not field.primary_key]
    # The columns every row shares first, then each row's own, the encrypted ones last (in
    # ENCRYPTED's order): a row's parameters are the shared values, its own, its tokens.
    columns.sort(key=lambda field: (field.attname in ENCRYPTED, field.attname in varying))
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
    own = operator.itemgetter(*(field.attname for field in columns[len(shared) : -len(ENCRYPTED)]))
    personal = operator.itemgetter(*ENCRYPTED)
    width = len(ENCRYPTED)
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
                records.append(record)
            sealed = sealer.seal_many([value for record in records for value in personal(record)])
            cursor.executemany(
                sql,
                [
                    (*shared, *own(record), *sealed[index * width : index * width + width])
                    for index, record in enumerate(records)
                ],
            )
    ids = _existing_ids(country, [row.external_id for row in rows], above=highest)
    return [ids[row.external_id] for row in rows]


def _id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[[first, last], …] of sorted ids: an audit entry names 100,000 records in a few bytes."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and ranges[-1][1] == pk - 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


JOB_AUDITED = (
    "status",
    "processed_rows",
    "created_rows",
    "updated_rows",
    "file_sha256",
    "finished_at",
)


@transaction.atomic
def people_import(
    *, actor: User, job: ImportJob, rows: Sequence[PersonRow], file_sha256: str = ""
) -> ImportJob:
    """Store the rows of a checked file, all or none; a known external id updates its record.

    An import is one write of one file: new records are inserted in batches and named, with
    the file's hash and the counts, in the job's single audit entry. A record the file changes
    gets an entry of its own with the public fields that changed (its history shows the
    change). Every row is validated first against the model's rules (import_row_problems);
    if one breaks them, nothing is stored and ImportRowsRefused names every problem's line.
    """
    country = job.country
    refused = import_row_problems(rows, country=country)
    if refused:
        raise ImportRowsRefused(refused)
    sealer = protection.Sealer()
    known = _existing_ids(country, [row.external_id for row in rows if row.external_id])
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
    for row in rows:
        person = existing.get(row.external_id)
        if person is None:
            continue
        values = _person_values(row.values)
        before = snapshot(person, PUBLIC_PERSON_FIELDS)
        changed_personal = [
            name
            for name in PERSONAL_FIELDS
            if name in values and values[name] != getattr(person, name)
        ]
        for name, value in values.items():
            setattr(person, name, value)
        after = snapshot(person, PUBLIC_PERSON_FIELDS)
        if before == after and not changed_personal:
            continue
        _derive(person, sealer)
        changed_people.append(person)
        changed = [name for name in PUBLIC_PERSON_FIELDS if before[name] != after[name]]
        entries.append(
            _audit_entry(
                actor,
                "registry.person.updated",
                person,
                {
                    **{name: after[name] for name in changed},
                    "personal_fields": changed_personal,
                    "import": job.pk,
                },
            )
        )
    created_ids = _insert_people(country, new_rows, sealer) if new_rows else []
    if changed_people:
        Person.objects.bulk_update(
            changed_people,
            [
                *PUBLIC_PERSON_FIELDS,
                *PERSONAL_FIELDS,
                "given_name_latin",
                "family_name_latin",
                "father_name_latin",
                "name_key",
                "phone_hash",
                "id_number_hash",
            ],
            batch_size=1000,
        )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    before = snapshot(job, JOB_AUDITED)
    job.status = ImportJob.Status.SUCCEEDED
    job.processed_rows = len(rows)
    job.created_rows = len(created_ids)
    job.updated_rows = len(changed_people)
    job.file_sha256 = file_sha256
    job.finished_at = timezone.now()
    job.full_clean()
    job.save()
    audit_record(
        actor=actor,
        action="registry.importjob.imported",
        obj=job,
        before=before,
        after={
            **snapshot(job, JOB_AUDITED),
            "rows": len(rows),
            "created_people": _id_ranges(created_ids),
            "updated_people": sorted(person.pk for person in changed_people),
        },
    )
    return job


@transaction.atomic
def protected_data_rotate_keys(*, actor: User | None) -> int:
    """Re-encrypt every personal field with the newest key and refresh the look-up hashes."""
    count = 0
    for person in Person.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
        # Reading decrypts with any configured key; saving encrypts with the newest.
        _derive(person)
        person.save(
            update_fields=[
                *PERSONAL_FIELDS,
                "given_name_latin",
                "family_name_latin",
                "father_name_latin",
                "name_key",
                "phone_hash",
                "id_number_hash",
            ]
        )
        count += 1
    audit_record(
        actor=actor,
        action="registry.person.keys_rotated",
        object_repr=_("%(count)s persons re-encrypted") % {"count": count},
        after={"count": count},
    )
    return count

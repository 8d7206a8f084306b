"""Writes to persons: registration, changes, access to their personal data, key rotation.

Audit entries of persons name the personal fields that changed, never their values: the
audit log is read by people without protection clearance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    reading_recorded,
    snapshot,
)
from sunbula.core.errors import DomainError
from sunbula.core.imports import batches
from sunbula.core.models import AdminArea, Country, User
from sunbula.registry import protection
from sunbula.registry.models import (
    CONSENT_BEFORE_BIRTH,
    Consent,
    Household,
    Person,
    given_before_birth,
)
from sunbula.registry.names import skeleton, transliterate
from sunbula.registry.validation import LOOKUP_CHUNK

PERSONAL_FIELDS = ("given_name", "family_name", "father_name", "birth_date", "phone", "id_number")
# What a change of names or numbers writes: the sealed token and the hashes derived with it.
# Changing one of these may make a record meet another: it is matched again.
MATCHED_FIELDS = ("given_name", "family_name", "phone", "id_number")
SEALED_COLUMNS = (
    "sealed",
    "name_key",
    "given_key",
    "family_key",
    "phone_hash",
    "id_number_hash",
)


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


class ReasonMissing(RegistryError):
    """Personal data unmasked or erased without a stated reason."""

    status_code = 400


def stated_reason(reason: str, refusal: str) -> str:
    """The reason given for unmasking or erasing personal data (the export's rule: some
    text, not only spaces), or `refusal` raised."""
    if not reason.strip():
        raise ReasonMissing(refusal)
    return reason.strip()


def still_held(person: Person) -> None:
    """Refuse to write to the record of a person whose data was erased, or to a record
    merged into another as a duplicate."""
    if problem := person.change_problem():
        raise RegistryError(problem)


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
        "given_key": hashes.lookup_hash(f"given:{given}") if given else "",
        "family_key": hashes.lookup_hash(f"family:{family}") if family else "",
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
    masked = [name for name in PERSONAL_FIELDS if protection.MASK in str(cleaned.get(name, ""))]
    if masked:
        # What a reader without clearance was shown, sent back: never written over the data.
        message = _("This is the masked value (•••), not the person's: leave it out to keep it.")
        raise ValidationError(dict.fromkeys(masked, message))
    if "vulnerabilities" in cleaned:
        cleaned["vulnerabilities"] = list(cleaned["vulnerabilities"])
    return cleaned


@dataclass(frozen=True)
class _PersonChange:
    """What new values changed on a person: the public fields as they were and as they are,
    and the names (never the values) of the personal fields that changed."""

    before: dict[str, Any]
    after: dict[str, Any]
    personal: list[str]

    @property
    def public(self) -> list[str]:
        return [name for name in PUBLIC_PERSON_FIELDS if self.before[name] != self.after[name]]

    @property
    def is_empty(self) -> bool:
        return self.before == self.after and not self.personal


def _person_change(person: Person, values: dict[str, Any]) -> _PersonChange:
    """Set `values` (already cleaned by `_person_values`) on `person`; what that changed."""
    before = snapshot(person, PUBLIC_PERSON_FIELDS)
    personal = [
        name for name in PERSONAL_FIELDS if name in values and values[name] != getattr(person, name)
    ]
    for name, value in values.items():
        setattr(person, name, value)
    return _PersonChange(before, snapshot(person, PUBLIC_PERSON_FIELDS), personal)


def _check_household(person: Person) -> None:
    if person.household_id is not None:
        household_country = (
            Household.objects.filter(pk=person.household_id)
            .values_list("country_id", flat=True)
            .first()
        )
        if household_country != person.country_id:
            raise ValidationError({"household": _("The household is in another country.")})


def _born_after_consent(births: Mapping[int, str]) -> set[int]:
    """Of the persons `births` names (id → the birth date they are to hold), those with a
    consent recorded before that birth: the consent's own rule, read from the birth's side."""
    first: dict[int, Any] = {}
    for chunk in batches(births, LOOKUP_CHUNK):
        first.update(
            Consent.objects.filter(person_id__in=chunk)
            .values("person_id")
            .annotate(first=Min("given_on"))
            .values_list("person_id", "first")
        )
    return {pk for pk, given_on in first.items() if given_before_birth(given_on, births[pk])}


def _check_birth_after_consent(person: Person, change: _PersonChange) -> None:
    """Refuse a birth date changed to a day after a consent recorded for the person."""
    if "birth_date" in change.personal and _born_after_consent({person.pk: person.birth_date}):
        raise ValidationError({"birth_date": str(CONSENT_BEFORE_BIRTH)})


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
    _match(actor, person)
    return person


def _match(actor: User | None, person: Person) -> None:
    """A new or changed record meets the registry: likely duplicates go to the queue."""
    from sunbula.registry.services.duplicates import _duplicates_match  # it builds on persons

    _duplicates_match(actor=actor, people=[person.pk])


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Unpack[PersonFields]) -> Person:
    """Change a person's record; the audit entry names personal fields, not their values."""
    still_held(person)
    change = _person_change(person, _person_values(dict(fields)))
    if change.is_empty:
        return person
    _derive(person)
    person.full_clean()
    _check_household(person)
    _check_birth_after_consent(person, change)
    person.save()
    audit_record(
        actor=actor,
        action="registry.person.updated",
        obj=person,
        before={name: change.before[name] for name in change.public},
        after={
            **{name: change.after[name] for name in change.public},
            "personal_fields": change.personal,
        },
    )
    if any(name in change.personal for name in MATCHED_FIELDS):
        _match(actor, person)
    return person


def personal_data_access_record(
    *, actor: User, people: Sequence[Person], channel: str, reason: str = ""
) -> None:
    """Someone with protection clearance saw these records unmasked (page, API or export)."""
    if not people:
        return
    with reading_recorded():
        audit_record(
            actor=actor,
            action="registry.person.viewed_unmasked",
            obj=people[0] if len(people) == 1 else None,
            object_repr=f"{len(people)} × {channel}",
            after={
                "people": [person.pk for person in people],
                "channel": channel,
                "reason": reason,
            },
        )


@transaction.atomic
def person_export_record(
    *, actor: User, country_ids: Sequence[int], count: int, unmasked: bool, reason: str
) -> None:
    """An export of the registry, with the reason its author gave."""
    if unmasked:
        stated_reason(reason, _("State why you export personal data."))
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


@transaction.atomic
def protected_data_rotate_keys(*, actor: User | None) -> int:
    """Re-seal every person's personal data with the newest key and refresh the look-up hashes."""
    count = 0
    for person in Person.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
        # Reading opens the token with any configured key; saving seals it with the newest.
        _derive(person)
        person.save(update_fields=list(SEALED_COLUMNS))
        count += 1
    audit_record(
        actor=actor,
        action="registry.person.keys_rotated",
        object_repr=_("%(count)s persons re-encrypted") % {"count": count},
        after={"count": count},
    )
    return count

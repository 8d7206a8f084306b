"""Duplicates: the review queue, merges and their undoing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    snapshot,
    update_audited,
)
from sunbula.core.models import User
from sunbula.registry.models import (
    DuplicatePair,
    Evidence,
    Merge,
    Person,
)
from sunbula.registry.services.persons import RegistryError, still_held


def _ordered(one: Person, other: Person) -> tuple[Person, Person]:
    if one.pk == other.pk:
        raise RegistryError(_("A record cannot duplicate itself."))
    if one.country_id != other.country_id:
        raise RegistryError(_("Records in different countries are not merged."))
    return (one, other) if one.pk < other.pk else (other, one)


class PairKnown(RegistryError):
    """A person flagged two records the review queue holds already, or a reviewer decided."""


def _known_pair(pair: DuplicatePair) -> PairKnown:
    """Why a person's flag of a known pair adds nothing: it waits, or was decided."""
    names = {"first": pair.person_1_id, "second": pair.person_2_id}
    if pair.status == DuplicatePair.Status.PENDING:
        why = _("P-%(first)s and P-%(second)s are in the review queue already.")
    elif pair.status == DuplicatePair.Status.CONFIRMED:
        why = _(
            "A reviewer has confirmed already that P-%(first)s and P-%(second)s are one person."
        )
    else:
        why = _("A reviewer has decided already that P-%(first)s and P-%(second)s are two people.")
    return PairKnown(why % names)


@transaction.atomic
def duplicate_pair_flag(
    *,
    actor: User | None,
    person_1: Person,
    person_2: Person,
    score: float,
    evidence: Sequence[str] = (),
    flagged: bool = False,
) -> DuplicatePair:
    """Send two records to the review queue (or refresh the score of a waiting pair).

    `flagged`: a person sends the pair (from a record's page or the API), who is told that
    a pair the queue holds, or a reviewer decided, is known already (PairKnown) rather
    than that it was queued. Neither record may be erased or merged into another."""
    first, second = _ordered(person_1, person_2)
    still_held(first)
    still_held(second)
    existing = DuplicatePair.objects.filter(person_1=first, person_2=second).first()
    if existing is not None:
        if flagged:
            raise _known_pair(existing)
        if existing.status != DuplicatePair.Status.PENDING:
            return existing  # a reviewer decided already; a new run does not reopen it
        return update_audited(
            actor=actor,
            obj=existing,
            values={"score": round(score, 6), "evidence": list(evidence) or existing.evidence},
        )
    return create_audited(
        actor=actor,
        model=DuplicatePair,
        values={
            "person_1": first,
            "person_2": second,
            "country": first.country,
            "score": round(score, 6),
            "evidence": list(evidence),
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
    if duplicate.is_merged:
        raise RegistryError(_("This record is already a confirmed duplicate."))
    still_held(survivor)
    still_held(duplicate)
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
    if duplicate.is_erased:  # merged, the record is held still: the undo is what changes it
        raise RegistryError(duplicate.change_problem())
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


# How much each shared key says that two records are one person, as the chance the matcher
# gives a pair that shares it and nothing else; the keys of a pair combine as independent
# evidence (1 - the product of the chances against). Different identity numbers or phones
# cap a pair below the merge threshold: only a person can tell a re-registration there.
SHARED_WEIGHT = {
    Evidence.SAME_ID_NUMBER: 0.8,
    Evidence.SAME_PHONE: 0.5,
    Evidence.SAME_NAME: 0.2,
    Evidence.SAME_AREA: 0.1,
    Evidence.SAME_SEX: 0.05,
}
CONFLICT_CAP = 0.5
# A pair from a new registration or import goes to the review queue at or above this chance.
QUEUE_AT = 0.35
KEY_COLUMNS = {
    "name_key": Evidence.SAME_NAME,
    "phone_hash": Evidence.SAME_PHONE,
    "id_number_hash": Evidence.SAME_ID_NUMBER,
}
# Candidates share a phone or an identity number: a shared name adds at most 0.2, and with the
# same area and sex still stays below QUEUE_AT, so blocking on names (thousands of namesakes
# in a country) would only cost time.
BLOCKING_COLUMNS = ("phone_hash", "id_number_hash")
LOOKUP_CHUNK = 500
MATCHED_COLUMNS = (
    "pk",
    "country_id",
    "admin_area_id",
    "sex",
    "status",
    *KEY_COLUMNS,
)


class Keys(NamedTuple):
    """A record's look-up columns, read without its sealed personal data."""

    pk: int
    country_id: int
    admin_area_id: int | None
    sex: str
    status: str
    name_key: str
    phone_hash: str
    id_number_hash: str


def match_evidence(one: Person | Keys, other: Person | Keys) -> tuple[list[str], float]:
    """What two records share or hold differently, read from their look-up hashes (never
    from the encrypted data), and the chance that they are one person."""
    evidence = [
        kind
        for column, kind in KEY_COLUMNS.items()
        if getattr(one, column) and getattr(one, column) == getattr(other, column)
    ]
    if one.admin_area_id and one.admin_area_id == other.admin_area_id:
        evidence.append(Evidence.SAME_AREA)
    if one.sex and one.sex == other.sex:
        evidence.append(Evidence.SAME_SEX)
    against = 1.0
    for kind in evidence:
        against *= 1 - SHARED_WEIGHT[Evidence(kind)]
    chance = 1 - against
    if one.phone_hash and other.phone_hash and one.phone_hash != other.phone_hash:
        evidence.append(Evidence.OTHER_PHONE)
        chance = min(chance, CONFLICT_CAP)
    if one.id_number_hash and other.id_number_hash and one.id_number_hash != other.id_number_hash:
        evidence.append(Evidence.OTHER_ID_NUMBER)
        chance = min(chance, CONFLICT_CAP)
    return [str(kind) for kind in evidence], round(chance, 6)


def likely_pairs(people: Sequence[int]) -> list[tuple[Keys, Keys, list[str], float]]:
    """Records of `people` and the active records of their country that may be the same
    person, lower id first, with the evidence and the chance: the pairs worth a review.

    Candidates share a keyed look-up hash (phone or identity number), so the registry is
    read through its indexes and never decrypted; a few queries per 500 records.
    """
    found: dict[tuple[int, int], tuple[Keys, Keys, list[str], float]] = {}
    # Only the look-up columns, as tuples: the sealed personal data is neither read nor
    # decrypted, and no model instance is built for the thousands of records of an import.
    people_read = Person.objects.order_by()
    for start in range(0, len(people), LOOKUP_CHUNK):
        batch = [
            Keys(*row)
            for row in people_read.filter(
                pk__in=people[start : start + LOOKUP_CHUNK], status=Person.Status.ACTIVE
            ).values_list(*MATCHED_COLUMNS)
        ]
        countries = {person.country_id for person in batch}
        candidates: dict[int, Keys] = {}
        # One query per column, on that column alone, so that each reads its own index (with
        # an OR, or with the country and status beside it, SQLite may read the whole country).
        for column in BLOCKING_COLUMNS:
            values = {getattr(person, column) for person in batch} - {""}
            if values:
                candidates.update(
                    (other.pk, other)
                    for other in map(
                        Keys._make,
                        people_read.filter(**{f"{column}__in": values}).values_list(
                            *MATCHED_COLUMNS
                        ),
                    )
                    if other.status == Person.Status.ACTIVE and other.country_id in countries
                )
        by_key: dict[tuple[str, str], list[Keys]] = {}
        for candidate in candidates.values():
            for column in BLOCKING_COLUMNS:
                if getattr(candidate, column):
                    by_key.setdefault((column, getattr(candidate, column)), []).append(candidate)
        for person in batch:
            for column in BLOCKING_COLUMNS:
                value = getattr(person, column)
                for other in by_key.get((column, value), []) if value else []:
                    if other.pk == person.pk or other.country_id != person.country_id:
                        continue
                    first, second = (person, other) if person.pk < other.pk else (other, person)
                    if (first.pk, second.pk) in found:
                        continue
                    evidence, chance = match_evidence(first, second)
                    if chance >= QUEUE_AT:
                        found[(first.pk, second.pk)] = (first, second, evidence, chance)
    return list(found.values())


@transaction.atomic
def _duplicates_match(*, actor: User | None, people: Sequence[int]) -> list[DuplicatePair]:
    """Match new or changed records against their country's registry and send the likely
    pairs to the review queue, each with its audit entry; nothing is merged: a reviewer
    decides. An import stores its pairs in bulk instead (registry.services.imports)."""
    found = likely_pairs(people)
    records = Person.objects.in_bulk(
        {first.pk for first, *_rest in found} | {second.pk for _first, second, *_rest in found}
    )
    return [
        duplicate_pair_flag(
            actor=actor,
            person_1=records[first.pk],
            person_2=records[second.pk],
            score=chance,
            evidence=evidence,
        )
        for first, second, evidence, chance in found
    ]

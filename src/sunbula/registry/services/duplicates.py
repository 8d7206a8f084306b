"""Duplicates: the review queue, merges and their undoing."""

from __future__ import annotations

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
    Merge,
    Person,
)
from sunbula.registry.services.persons import RegistryError


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

"""Checks of a whole registry for people registered twice: queued, then closed by the worker
with the matcher's sure merges made and its other likely pairs sent to the review queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core import bulk
from sunbula.core.access import scope_for
from sunbula.core.audit import audit_records, create_audited, update_audited
from sunbula.core.errors import NotPermitted
from sunbula.core.models import Country, User
from sunbula.registry.models import DedupeRun, DuplicatePair, Merge, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.services.duplicates import MATCHED_COLUMNS, match_evidence

# Records, merges and pairs read or written per statement.
CHUNK = 2000


def dedupe_run_queue(*, actor: User, country: Country) -> DedupeRun:
    """A check of `country`'s registry, waiting for a worker of the task queue; only for
    those who review duplicates there."""
    if not scope_for(actor, RegistryPerm.REVIEW_DUPLICATES).covers_country(country.pk):
        raise NotPermitted(_("You may not check the registry of this country."))
    return create_audited(
        actor=actor,
        model=DedupeRun,
        values={"country": country, "requested_by": actor, "status": DedupeRun.Status.PENDING},
    )


@transaction.atomic
def dedupe_run_finish(
    *,
    actor: User,
    run: DedupeRun,
    records_read: int,
    candidate_pairs: int,
    clusters: Sequence[Sequence[int]],
    review: Sequence[tuple[int, int, float]],
) -> DedupeRun:
    """Close a check: each cluster of sure pairs is merged into its oldest record, each pair
    to review is sent to the queue (a pair a reviewer decided stays decided).

    Records merged or changed since the worker read them are left as they are now, and a
    cluster that now holds two phones, two identity numbers or a pair a reviewer dismissed
    is not merged. The merges and the queue are written in bulk, thousands of rows at once,
    with the audit entries one merge or one queued pair at a time would have written.
    """
    wanted = sorted(
        {pk for cluster in clusters for pk in cluster}
        | {pk for first, second, _score in review for pk in (first, second)}
    )
    people = _locked_people(wanted)
    waiting = {
        (pair.person_1_id, pair.person_2_id): pair
        for pair in _pairs_of(run.country_id, people, DuplicatePair.Status.PENDING)
    }
    survivor_of = _merge_clusters(actor, clusters, people, waiting, kept_apart(run.country_id))
    queued = _queue_pairs(actor, run, review, people, survivor_of)
    return update_audited(
        actor=actor,
        obj=run,
        values={
            "status": DedupeRun.Status.DONE,
            "records_read": records_read,
            "candidate_pairs": candidate_pairs,
            "merged": len(survivor_of),
            "queued": queued,
            "finished_at": timezone.now(),
        },
    )


def kept_apart(country_id: int) -> set[tuple[int, int]]:
    """The pairs of `country_id`'s records a check never merges, each as (lower id, higher
    id): those a reviewer dismissed as two people, and those whose merge a reviewer undid,
    which wait in the queue for a person to decide again."""
    dismissed = DuplicatePair.objects.filter(
        country_id=country_id, status=DuplicatePair.Status.DISMISSED
    ).values_list("person_1_id", "person_2_id")
    undone = Merge.objects.filter(
        duplicate__country_id=country_id, undone_at__isnull=False
    ).values_list("survivor_id", "duplicate_id")
    return {(min(one, other), max(one, other)) for one, other in (*dismissed, *undone)}


def _locked_people(wanted: Sequence[int]) -> dict[int, Person]:
    """The records, locked until the check closes; only their look-up columns and status
    (nothing sealed is read)."""
    people: dict[int, Person] = {}
    read = Person.objects.select_for_update().only(*MATCHED_COLUMNS, "duplicate_of_id")
    for start in range(0, len(wanted), CHUNK):
        people.update(
            (person.pk, person) for person in read.filter(pk__in=wanted[start : start + CHUNK])
        )
    return people


def _pairs_of(country_id: int, people: dict[int, Person], status: str) -> list[DuplicatePair]:
    """The country's pairs in `status` whose first record is one of `people`."""
    ids = sorted(people)
    found: list[DuplicatePair] = []
    for start in range(0, len(ids), CHUNK):
        found.extend(
            DuplicatePair.objects.filter(
                country_id=country_id, status=status, person_1__in=ids[start : start + CHUNK]
            )
        )
    return found


def _may_merge(members: Sequence[Person], apart: set[tuple[int, int]]) -> bool:
    """One phone and one identity number at most, and no pair kept apart (`kept_apart`)."""
    for column in ("phone_hash", "id_number_hash"):
        if len({getattr(person, column) for person in members} - {""}) > 1:
            return False
    ids = sorted(person.pk for person in members)
    return not any(pair in apart for pair in _pairs_among(ids))


def _merge_clusters(
    actor: User,
    clusters: Sequence[Sequence[int]],
    people: dict[int, Person],
    waiting: dict[tuple[int, int], DuplicatePair],
    apart: set[tuple[int, int]],
) -> dict[int, int]:
    """Merge each cluster's active records into its oldest, all clusters at once, as
    `person_merge` merges one record (each merge undoes alone); the survivor of each
    record merged. Pairs waiting between records of one cluster are answered by the merge."""
    now = timezone.now()
    survivor_of: dict[int, int] = {}
    merges: list[Merge] = []
    answered: list[DuplicatePair] = []
    for cluster in clusters:
        members = sorted(
            (people[pk] for pk in cluster if _active(people.get(pk))), key=lambda p: p.pk
        )
        if len(members) < 2 or not _may_merge(members, apart):
            continue
        survivor = members[0]
        for duplicate in members[1:]:
            previous = {"status": duplicate.status, "duplicate_of": duplicate.duplicate_of_id}
            pair = waiting.get((survivor.pk, duplicate.pk))
            merges.append(
                Merge(survivor=survivor, duplicate=duplicate, pair=pair, previous=previous)
            )
            survivor_of[duplicate.pk] = survivor.pk
        ids = [person.pk for person in members]
        answered += [waiting.pop(key) for key in _pairs_among(ids) if key in waiting]
    if not merges:
        return survivor_of
    Merge.objects.bulk_create(merges, batch_size=CHUNK)
    # Records that pointed at a merged record now point at its survivor: a chain never forms.
    followers = [
        follower
        for start in range(0, len(merges), CHUNK)
        for follower in Person.objects.select_for_update()
        .only("pk", "status", "duplicate_of_id")
        .filter(duplicate_of__in=[merge.duplicate_id for merge in merges[start : start + CHUNK]])
    ]
    marked = [(people[pk], survivor) for pk, survivor in survivor_of.items()]
    marked += [(person, survivor_of[person.duplicate_of_id or 0]) for person in followers]
    changes = []
    for person, survivor_pk in marked:
        before = {"status": person.status, "duplicate_of": person.duplicate_of_id}
        person.status = Person.Status.CONFIRMED_DUPLICATE
        person.duplicate_of_id = survivor_pk
        person.updated_at = now
        changes.append((person, before, {"status": person.status, "duplicate_of": survivor_pk}))
    bulk.update_rows(
        Person,
        ("status", "duplicate_of_id", "updated_at"),
        [(person.pk, person.status, person.duplicate_of_id, now) for person, _s in marked],
    )
    audit_records(actor=actor, action="registry.person.updated", changes=changes)
    audit_records(
        actor=actor,
        action="registry.person.merged",
        changes=(
            (
                merge,
                None,
                {
                    "survivor": merge.survivor_id,
                    "duplicate": merge.duplicate_id,
                    "pair": merge.pair_id,
                },
            )
            for merge in merges
        ),
    )
    _decide_in_bulk(actor, answered, DuplicatePair.Status.CONFIRMED, now)
    return survivor_of


def _pairs_among(ids: Sequence[int]) -> list[tuple[int, int]]:
    return [(one, other) for index, one in enumerate(ids) for other in ids[index + 1 :]]


def _decide_in_bulk(actor: User, pairs: Sequence[DuplicatePair], status: str, now: Any) -> None:
    """Decide waiting pairs for the check, as a reviewer's decision is recorded."""
    changes = []
    for pair in pairs:
        before = {"status": pair.status, "decided_by": pair.decided_by_id, "decided_at": None}
        pair.status, pair.decided_by_id, pair.decided_at = status, actor.pk, now
        changes.append(
            (pair, before, {"status": status, "decided_by": actor.pk, "decided_at": now})
        )
    bulk.update_rows(
        DuplicatePair,
        ("status", "decided_by_id", "decided_at"),
        [(pair.pk, status, actor.pk, now) for pair in pairs],
    )
    audit_records(actor=actor, action="registry.duplicatepair.updated", changes=changes)


def _queue_pairs(
    actor: User,
    run: DedupeRun,
    review: Sequence[tuple[int, int, float]],
    people: dict[int, Person],
    survivor_of: dict[int, int],
) -> int:
    """Send the pairs to review to the queue between the records they are now, as
    `duplicate_pair_flag` sends one: a waiting pair gets the new score, a pair a reviewer
    decided stays decided. How many pairs wait in the queue for this check."""
    found: dict[tuple[int, int], tuple[Person, Person, float]] = {}
    for one, other, score in review:
        left = people.get(survivor_of.get(one, one))
        right = people.get(survivor_of.get(other, other))
        if left is None or right is None or left.pk == right.pk:
            continue
        if not (_active(left) and _active(right)):
            continue
        first, second = (left, right) if left.pk < right.pk else (right, left)
        found.setdefault((first.pk, second.pk), (first, second, score))
    firsts = sorted({first for first, _second in found})
    known: dict[tuple[int, int], DuplicatePair] = {}
    for start in range(0, len(firsts), CHUNK):
        known.update(
            ((pair.person_1_id, pair.person_2_id), pair)
            for pair in DuplicatePair.objects.filter(person_1__in=firsts[start : start + CHUNK])
        )
    new: list[DuplicatePair] = []
    refreshed: list[tuple[DuplicatePair, dict[str, Any], dict[str, Any]]] = []
    still_waiting = 0
    for key, (first, second, score) in found.items():
        evidence, _chance = match_evidence(first, second)
        pair = known.get(key)
        if pair is None:
            new.append(
                DuplicatePair(
                    person_1=first,
                    person_2=second,
                    country_id=run.country_id,
                    score=round(score, 6),
                    evidence=evidence,
                )
            )
        elif pair.status == DuplicatePair.Status.PENDING:
            still_waiting += 1
            before = {"score": pair.score, "evidence": pair.evidence}
            pair.score, pair.evidence = round(score, 6), evidence or pair.evidence
            after = {"score": pair.score, "evidence": pair.evidence}
            if before != after:
                refreshed.append((pair, before, after))
    DuplicatePair.objects.bulk_create(new, batch_size=CHUNK)
    creates = [
        (
            pair,
            None,
            {
                "person_1": pair.person_1_id,
                "person_2": pair.person_2_id,
                "country": pair.country_id,
                "score": pair.score,
                "evidence": pair.evidence,
            },
        )
        for pair in new
    ]
    audit_records(actor=actor, action="registry.duplicatepair.created", changes=creates)
    DuplicatePair.objects.bulk_update([pair for pair, _b, _a in refreshed], ["score", "evidence"])
    audit_records(actor=actor, action="registry.duplicatepair.updated", changes=refreshed)
    return len(new) + still_waiting


def _active(person: Person | None) -> bool:
    return person is not None and person.status == Person.Status.ACTIVE


@transaction.atomic
def dedupe_run_fail(*, actor: User, run: DedupeRun, reason: str) -> DedupeRun:
    """Close a check that could not finish, with the reason; nothing it found is kept."""
    return update_audited(
        actor=actor,
        obj=run,
        values={"status": DedupeRun.Status.FAILED, "reason": reason, "finished_at": timezone.now()},
    )

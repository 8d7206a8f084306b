"""Checks of a whole registry for people registered twice: queued, then closed by the worker
with the matcher's sure merges made and its other likely pairs sent to the review queue."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.access import scope_for
from sunbula.core.audit import create_audited, update_audited
from sunbula.core.models import Country, User
from sunbula.registry.models import DedupeRun, DuplicatePair, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.services.duplicates import duplicate_pair_flag, match_evidence, person_merge
from sunbula.registry.services.persons import RegistryError


def dedupe_run_queue(*, actor: User, country: Country) -> DedupeRun:
    """A check of `country`'s registry, waiting for a worker of the task queue; only for
    those who review duplicates there."""
    if not scope_for(actor, RegistryPerm.REVIEW_DUPLICATES).covers_country(country.pk):
        raise RegistryError(_("You may not check the registry of this country."))
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

    Records merged or changed since the worker read them are left as they are now.
    """
    wanted = {pk for cluster in clusters for pk in cluster} | {
        pk for first, second, _score in review for pk in (first, second)
    }
    people = Person.objects.select_for_update().in_bulk(wanted)
    waiting = {
        (pair.person_1_id, pair.person_2_id): pair
        for pair in DuplicatePair.objects.filter(
            country_id=run.country_id, status=DuplicatePair.Status.PENDING, person_1__in=wanted
        )
    }
    survivor_of: dict[int, int] = {}
    merged = 0
    for cluster in clusters:
        members = sorted(pk for pk in cluster if _active(people.get(pk)))
        for pk in members[1:]:
            pair = waiting.get((members[0], pk))
            person_merge(actor=actor, survivor=people[members[0]], duplicate=people[pk], pair=pair)
            survivor_of[pk] = members[0]
            merged += 1
        # Pairs waiting between records now merged are answered by the merge.
        for one in members:
            for other in members:
                if (one, other) in waiting:
                    _answered(actor, waiting.pop((one, other)))
    queued = 0
    for first, second, score in review:
        left = people.get(survivor_of.get(first, first))
        right = people.get(survivor_of.get(second, second))
        if left is None or right is None or left.pk == right.pk:
            continue
        if not (_active(left) and _active(right)):
            continue
        evidence, _chance = match_evidence(left, right)
        pair = duplicate_pair_flag(
            actor=actor, person_1=left, person_2=right, score=score, evidence=evidence
        )
        queued += pair.status == DuplicatePair.Status.PENDING
    return update_audited(
        actor=actor,
        obj=run,
        values={
            "status": DedupeRun.Status.DONE,
            "records_read": records_read,
            "candidate_pairs": candidate_pairs,
            "merged": merged,
            "queued": queued,
            "finished_at": timezone.now(),
        },
    )


def _answered(actor: User, pair: DuplicatePair) -> None:
    update_audited(
        actor=actor,
        obj=pair,
        values={
            "status": DuplicatePair.Status.CONFIRMED,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )


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

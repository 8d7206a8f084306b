"""The whole-registry check a worker runs (registry.tasks.check_registry).

The worker reads the country's active records, opens their sealed fields in its own memory
only (nothing opened is written anywhere), and gives them to the matcher (registry.matching).
Clusters of sure pairs are merged unless they would hold two different phones or identity
numbers (by their look-up hashes) or a pair a reviewer said are two people; the other pairs
above the review threshold go to the review queue (services.dedupe_run_finish).
"""

from __future__ import annotations

from django.utils import timezone

from sunbula.core import jobs
from sunbula.core.models import AdminArea
from sunbula.registry import matching, services
from sunbula.registry.models import DedupeRun, Person
from sunbula.registry.services.checks import kept_apart

READ_CHUNK = 2000


def _area_codes(country_id: int) -> dict[int, tuple[str, str]]:
    """The level-1 and level-2 p-codes above (or of) each area of the country."""
    areas = {
        pk: (p_code, level, parent)
        for pk, p_code, level, parent in AdminArea.objects.filter(country_id=country_id)
        .order_by()
        .values_list("pk", "p_code", "level", "parent_id")
    }
    codes: dict[int, tuple[str, str]] = {}
    for pk in areas:
        found = {1: "", 2: ""}
        current: int | None = pk
        while current is not None and current in areas:
            p_code, level, parent = areas[current]
            if level in found:
                found[level] = p_code
            current = parent
        codes[pk] = (found[1], found[2])
    return codes


def read_records(country_id: int) -> tuple[list[dict[str, str]], dict[str, str], dict[str, str]]:
    """The matcher's records of the country's active people, with their phone and identity
    number look-up hashes by record id."""
    areas = _area_codes(country_id)
    records: list[dict[str, str]] = []
    phones: dict[str, str] = {}
    numbers: dict[str, str] = {}
    people = (
        Person.objects.filter(country_id=country_id, status=Person.Status.ACTIVE)
        .order_by("pk")
        .only("pk", "sealed", "sex", "admin_area_id", "phone_hash", "id_number_hash")
    )
    for person in people.iterator(chunk_size=READ_CHUNK):
        record_id = str(person.pk)
        admin1, admin2 = areas.get(person.admin_area_id or 0, ("", ""))
        records.append(
            {
                "record_id": record_id,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "father_name": person.father_name,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "phone": person.phone,
                "id_number": person.id_number,
                "admin1_pcode": admin1,
                "admin2_pcode": admin2,
            }
        )
        phones[record_id] = person.phone_hash
        numbers[record_id] = person.id_number_hash
    return records, phones, numbers


def apart_pairs(country_id: int) -> list[tuple[str, str]]:
    """Pairs the matcher never puts in one cluster (kept_apart): dismissed by a
    reviewer, or merged and then undone."""
    return [(str(one), str(other)) for one, other in sorted(kept_apart(country_id))]


def run_check(run: DedupeRun) -> DedupeRun:
    """Check the run's country and close the run with what was found."""
    jobs.beat(run, started_at=timezone.now())
    records, phones, numbers = read_records(run.country_id)
    jobs.beat(run, records_read=len(records))
    result = matching.match(records, exclusive=(phones, numbers), apart=apart_pairs(run.country_id))
    records.clear()  # the opened fields leave the worker's memory before anything is written
    clusters: dict[str, list[int]] = {}
    for record_id, cluster in result.clusters.items():
        clusters.setdefault(cluster, []).append(int(record_id))
    return services.dedupe_run_finish(
        actor=run.requested_by,
        run=run,
        records_read=len(result.clusters),
        candidate_pairs=result.scored,
        clusters=[members for members in clusters.values() if len(members) > 1],
        review=[(int(one), int(other), score) for one, other, score in result.review],
    )

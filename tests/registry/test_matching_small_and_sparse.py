"""The matcher on small registries and on records that share no phone or identity number:
whatever the training can or cannot estimate, every record gets a cluster."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from sunbula.registry.matching import INPUT_COLUMNS, match, score

GIVEN = [("Mohammad", "محمد"), ("Ahmad", "احمد"), ("Fatima", "فاطمه"), ("Zahra", "زهرا"),
         ("Karim", "کریم"), ("Maryam", "مریم"), ("Hamid", "حمید"), ("Laila", "لیلا"),
         ("Yusuf", "یوسف"), ("Nadia", "نادیه"), ("Omar", "عمر"), ("Soraya", "ثریا")]  # fmt: skip
FAMILY = ["Ahmadzai", "Karimi", "Popal", "Barakzai", "Hotak", "Safi", "Noori", "Wardak"]
FATHER = ["Ali", "Rahim", "Qadir", "Hassan", "Jawad", "Nasir"]


def _registry(
    people: int, *, phones: bool, ids: bool, shared_phones: bool = False
) -> tuple[list[dict[str, str]], set[frozenset[str]]]:
    """`people` people, one in four registered twice (the second time in Arabic script); the
    phones and identity numbers, when there are any, differ from record to record unless
    `shared_phones` gives a person's records one phone."""
    rng = random.Random(3)  # noqa: S311 — made-up people
    records: list[dict[str, str]] = []
    twice: set[frozenset[str]] = set()
    for person in range(people):
        latin, arabic = rng.choice(GIVEN)
        base = {
            "given_name": latin,
            "family_name": rng.choice(FAMILY),
            "father_name": rng.choice(FATHER),
            "sex": rng.choice("MF"),
            "birth_date": f"{rng.randrange(1950, 2015)}-{rng.randrange(1, 13):02}-"
            f"{rng.randrange(1, 29):02}",
            "admin1_pcode": "AF01",
            "admin2_pcode": f"AF010{rng.randrange(1, 4)}",
        }
        copies = 2 if person % 4 == 0 else 1
        for copy in range(copies):
            number = len(records)
            records.append(
                {
                    **base,
                    "record_id": f"p{person}-{copy}",
                    "given_name": arabic if copy else latin,
                    "phone": f"07{person if shared_phones else number:08}" if phones else "",
                    "id_number": f"{number:010}" if ids else "",
                }
            )
        if copies == 2:
            twice.add(frozenset((f"p{person}-0", f"p{person}-1")))
    return records, twice


@pytest.mark.parametrize(
    ("people", "phones", "ids"),
    [(500, False, False), (500, True, True), (40, False, False), (12, True, False)],
)
def test_registries_sharing_no_phone_or_identity_number_are_matched(
    people: int, phones: bool, ids: bool
) -> None:
    records, twice = _registry(people, phones=phones, ids=ids)
    result = match(records)
    assert set(result.clusters) == {record["record_id"] for record in records}
    found = {
        pair
        for pair in twice
        if len({result.clusters[record_id] for record_id in pair}) == 1
        or any(frozenset((left, right)) == pair for left, right, _score in result.review)
    }
    # No two records share a key the estimates usually start from; names and birth dates
    # still find most of the people registered twice, merged or for review.
    assert len(found) >= 0.5 * len(twice)


def test_one_phone_in_common_leaves_the_scores_of_the_names() -> None:
    """Where few people gave a phone, the one pair that shares one says nothing of how many
    people are registered twice: every other pair scores as it did without that phone (an
    estimate read from that one pair made the names alone too weak to reach a reviewer)."""
    records, twice = _registry(500, phones=False, ids=False)

    def scores() -> dict[frozenset[str], float]:
        _ids, pairs = score(records, review_probability=0.001)
        return {frozenset((left, right)): probability for left, right, probability, _c in pairs}

    without = scores()
    one_pair = sorted(twice, key=sorted)[0]
    for record in records:
        if record["record_id"] in one_pair:
            record["phone"] = "0700000404"
    with_phone = scores()
    others = set(without) - {one_pair}
    assert len(others) > 50
    assert all(with_phone.get(pair) == pytest.approx(without[pair], abs=1e-6) for pair in others)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_registry_of_two_records_or_fewer(count: int) -> None:
    records, _twice = _registry(1, phones=False, ids=False)
    records = (records * 2)[:count]
    for index, record in enumerate(records):
        record["record_id"] = f"r{index}"
    result = match(records)
    assert set(result.clusters) == {record["record_id"] for record in records}


def test_training_on_a_sample_scores_every_record() -> None:
    records, twice = _registry(400, phones=True, ids=False, shared_phones=True)
    result = match(records, training_records=150, memory_limit="1GB", threads=1)
    assert set(result.clusters) == {record["record_id"] for record in records}
    merged = sum(len({result.clusters[record_id] for record_id in pair}) == 1 for pair in twice)
    assert merged >= 0.5 * len(twice)


def test_dedupe_command_on_a_file_without_phones_or_identity_numbers(tmp_path: Path) -> None:
    records, _twice = _registry(300, phones=False, ids=False)
    source, output = tmp_path / "people.csv", tmp_path / "clusters.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=INPUT_COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    call_command("registry_dedupe", "--input", str(source), "--output", str(output))
    with output.open(encoding="utf-8-sig") as result:
        clusters = {row["record_id"]: row["cluster_id"] for row in csv.DictReader(result)}
    assert set(clusters) == {record["record_id"] for record in records}

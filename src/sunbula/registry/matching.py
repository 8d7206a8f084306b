"""Finding the same person twice: Splink (DuckDB backend) on transliteration-aware keys.

Names are compared on their skeletons (names.skeleton), so محمد, Mohammad and Mohd meet.
Splink estimates from the data how much each agreement says, weights common names down
(term frequencies) and scores candidate pairs. Pairs it is sure of are merged; pairs it is
unsure of go to a reviewer rather than being guessed, and so do pairs whose records hold two
different identity numbers or phones, unlike given names or birth years more than a year
apart, however alike the rest: only a person can tell a re-registration from a namesake or
a twin there.

Decisions are taken per cluster: a sure pair joins two clusters only when the joined cluster
would not hold two different identity numbers, and the review queue holds one pair per two
clusters (confirming it joins the clusters), not every pair of their records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sunbula.registry.names import father_name, skeleton
from sunbula.registry.protection import normalise_id_number

INPUT_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "phone",
    "id_number",
    "admin1_pcode",
    "admin2_pcode",
)
# Calibrated on bench.registry_generate seeds 7 and 11 (100,000 records each): own merges keep a
# precision of about 0.995, and merges plus a queue of about 4.5 % of the records hold about
# 0.955 of the true duplicate pairs. Pairs between the two thresholds go to a person.
MERGE_PROBABILITY = 0.97
REVIEW_PROBABILITY = 0.35
PREPARED_COLUMNS = (
    "record_id",
    "given_sk",
    "family_sk",
    "father_sk",
    "given_k",
    "sex",
    "birth_year",
    "birth_date",
    "birth_md",
    "phone",
    "id_number",
    "admin1",
    "admin2",
)


# Candidate pairs: records agreeing on every column of at least one of these.
BLOCKING = (
    ("given_sk", "family_sk"),
    ("given_sk", "father_sk"),
    ("family_sk", "father_sk", "birth_year"),
    ("phone",),
    ("id_number",),
    ("family_sk", "birth_year", "sex"),
    ("given_k", "father_sk", "birth_year", "admin1"),
    ("given_sk", "birth_year", "sex", "admin1"),
)


# National numbers are 8 to 10 digits long; written with the country code (+993 65 123456),
# a trunk prefix (8 65 123456, 0 70 123 4567) or neither, they end alike.
PHONE_DIGITS = 8


def phone_key(phone: str) -> str:
    """The last PHONE_DIGITS digits of `phone`: one key for every way of writing one number."""
    digits = "".join(filter(str.isdigit, phone))
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else ""


@dataclass
class MatchResult:
    clusters: dict[str, str]
    review: list[tuple[str, str, float]] = field(default_factory=list)
    merges: list[tuple[str, str, float]] = field(default_factory=list)


def prepare(record: Mapping[str, str]) -> tuple[str, ...]:
    """The columns the matcher compares, derived from one input record."""
    birth = (record.get("birth_date") or "").strip()
    year = birth[:4] if birth[:4].isdigit() else ""
    full = birth if len(birth) == 10 else ""
    sex = (record.get("sex") or "").strip().upper()[:1]
    given = skeleton(record.get("given_name") or "")
    return (
        str(record["record_id"]),
        given,
        skeleton(record.get("family_name") or ""),
        skeleton(father_name(record.get("father_name") or "")),
        given[:2],
        sex if sex in ("M", "F") else "",
        year,
        full,
        full[5:],
        phone_key(record.get("phone") or ""),
        normalise_id_number(record.get("id_number") or ""),
        (record.get("admin1_pcode") or "").strip().upper(),
        (record.get("admin2_pcode") or "").strip().upper(),
    )


def _prepared_columns(records: Iterable[Mapping[str, str]]) -> list[list[str | None]]:
    """PREPARED_COLUMNS as one list of values each; an empty value is missing (None), so
    that two blanks never count as agreement."""
    columns: list[list[str | None]] = [[] for _ in PREPARED_COLUMNS]
    for record in records:
        row = prepare(record)
        columns[0].append(row[0])
        for values, value in zip(columns[1:], row[1:], strict=True):
            values.append(value or None)
    return columns


# Both records hold a value and the values differ: a strong hint of two people. Given names
# unlike each other (twins share a family, a father and a birth date) and birth years more
# than a year apart count.
CONFLICT_SQL = (
    "(id_number_l IS NOT NULL AND id_number_r IS NOT NULL"
    " AND levenshtein(id_number_l, id_number_r) > 1)"
    " OR (phone_l IS NOT NULL AND phone_r IS NOT NULL AND phone_l <> phone_r)"
    " OR (levenshtein(given_sk_l, given_sk_r) > 1"
    " AND jaro_winkler_similarity(given_sk_l, given_sk_r) < 0.88)"
    " OR abs(try_cast(birth_year_l AS INTEGER) - try_cast(birth_year_r AS INTEGER)) > 1"
)


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def name(column: str) -> Any:
        return cl.CustomComparison(
            output_column_name=column,
            comparison_levels=[
                cll.NullLevel(column),
                cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
                cll.LevenshteinLevel(column, 1),
                cll.JaroWinklerLevel(column, 0.88),
                cll.ElseLevel(),
            ],
        )

    year_gap = "abs(try_cast(birth_year_l AS INTEGER) - try_cast(birth_year_r AS INTEGER))"
    both_full = "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL"
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.CustomLevel(f"{both_full} AND birth_date_l = birth_date_r", "same date"),
            cll.CustomLevel(
                f"{both_full} AND birth_md_l = birth_md_r AND {year_gap} <= 1",
                "same day and month, a year apart",
            ),
            cll.CustomLevel(f"{both_full} AND birth_year_l = birth_year_r", "same year, other day"),
            cll.CustomLevel("birth_year_l = birth_year_r", "same year, one year only"),
            cll.CustomLevel(f"{year_gap} <= 1", "a year apart"),
            cll.ElseLevel(),
        ],
    )
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("admin1"),
            cll.CustomLevel("admin2_l IS NOT NULL AND admin2_l = admin2_r", "same district"),
            cll.ExactMatchLevel("admin1"),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            name("given_sk"),
            name("family_sk"),
            name("father_sk"),
            birth,
            cl.ExactMatch("sex"),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("id_number", [1]),
            place,
        ],
        blocking_rules_to_generate_predictions=[block_on(*columns) for columns in BLOCKING],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


def score(
    records: Iterable[Mapping[str, str]],
    *,
    review_probability: float = REVIEW_PROBABILITY,
    seed: int = 1,
) -> tuple[list[str], list[tuple[str, str, float, bool]]]:
    """Every candidate pair scoring at least `review_probability`, with its conflict flag."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    columns = _prepared_columns(records)
    ids = [str(record_id) for record_id in columns[0]]
    if len(ids) < 2:
        return ids, []
    # The prepared records go to DuckDB as one list per column, with no file in between.
    selected = ", ".join(f"unnest(${name}::VARCHAR[]) AS {name}" for name in PREPARED_COLUMNS)
    connection = duckdb.connect()
    try:
        connection.execute(
            f"CREATE TABLE people AS SELECT {selected}",
            dict(zip(PREPARED_COLUMNS, columns, strict=True)),
        )
        api = DuckDBAPI(connection=connection)
        linker = Linker(api.register("people"), _settings(), log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("id_number"), block_on("phone", "given_sk")], recall=0.6
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        for rule in (
            block_on("given_sk", "family_sk"),
            block_on("phone"),
            block_on("family_sk", "birth_year"),
        ):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        predictions = linker.inference.predict(threshold_match_probability=review_probability)
        pairs = connection.execute(
            f"SELECT record_id_l, record_id_r, match_probability, "  # noqa: S608
            f"coalesce({CONFLICT_SQL}, false) FROM {predictions.physical_name}"
        ).fetchall()
    finally:
        connection.close()
    return ids, pairs


def match(
    records: Iterable[Mapping[str, str]],
    *,
    merge_probability: float = MERGE_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
    seed: int = 1,
) -> MatchResult:
    """Cluster `records` (dicts with INPUT_COLUMNS); nothing outside the call is touched."""
    records = list(records)
    ids, pairs = score(records, review_probability=review_probability, seed=seed)
    numbers = {
        str(record["record_id"]): normalise_id_number(record.get("id_number") or "")
        for record in records
    }
    return decide(ids, pairs, merge_probability=merge_probability, id_numbers=numbers)


def decide(
    ids: list[str],
    pairs: Iterable[tuple[str, str, float] | tuple[str, str, float, bool]],
    *,
    merge_probability: float,
    id_numbers: Mapping[str, str] | None = None,
) -> MatchResult:
    """Merge the sure pairs into clusters; the rest of the scored pairs go to review.

    A pair flagged as conflicting (fourth item true) is never merged on its own, nor is a pair
    that would put two different identity numbers in one cluster. The review queue keeps the
    best-scoring pair between any two clusters.
    """
    parent = {record_id: record_id for record_id in ids}
    numbers: dict[str, set[str]] = {
        record_id: {number} for record_id, number in (id_numbers or {}).items() if number
    }

    def find(record_id: str) -> str:
        while parent[record_id] != record_id:
            parent[record_id] = parent[parent[record_id]]
            record_id = parent[record_id]
        return record_id

    result = MatchResult(clusters={})
    unsure: list[tuple[str, str, float]] = []
    for pair in sorted(pairs, key=lambda pair: -pair[2]):
        left, right, probability = pair[0], pair[1], pair[2]
        conflict = bool(pair[3]) if len(pair) > 3 else False
        root_left, root_right = find(left), find(right)
        joined = numbers.get(root_left, set()) | numbers.get(root_right, set())
        if probability >= merge_probability and not conflict and len(joined) <= 1:
            result.merges.append((left, right, probability))
            if root_left != root_right:
                keep, fold = min(root_left, root_right), max(root_left, root_right)
                parent[fold] = keep
                if joined:
                    numbers[keep] = joined
        else:
            unsure.append((left, right, probability))
    result.clusters = {record_id: find(record_id) for record_id in ids}
    # A pair already joined through sure merges needs no review; one pair per two clusters.
    seen: set[tuple[str, str]] = set()
    for left, right, probability in unsure:
        key = tuple(sorted((result.clusters[left], result.clusters[right])))
        if key[0] == key[1] or key in seen:
            continue
        seen.add((key[0], key[1]))
        result.review.append((left, right, round(probability, 6)))
    return result

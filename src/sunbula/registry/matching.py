"""Finding the same person twice: Splink (DuckDB backend) on transliteration-aware keys.

Names are compared on their skeletons (names.skeleton), so محمد, Mohammad and Mohd meet.
Splink estimates from the data how much each agreement says, weights common names down
(term frequencies) and scores candidate pairs. Pairs it is sure of are merged; pairs it is
unsure of go to a reviewer rather than being guessed.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sunbula.registry.names import skeleton
from sunbula.registry.protection import normalise_id_number, normalise_phone

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
MERGE_PROBABILITY = 0.995
REVIEW_PROBABILITY = 0.5
PREPARED_COLUMNS = (
    "record_id",
    "given_sk",
    "family_sk",
    "father_sk",
    "sex",
    "birth_year",
    "birth_date",
    "phone",
    "id_number",
    "admin1",
    "admin2",
)


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
    return (
        str(record["record_id"]),
        skeleton(record.get("given_name") or ""),
        skeleton(record.get("family_name") or ""),
        skeleton(record.get("father_name") or ""),
        sex if sex in ("M", "F") else "",
        year,
        full,
        normalise_phone(record.get("phone") or ""),
        normalise_id_number(record.get("id_number") or ""),
        (record.get("admin1_pcode") or "").strip().upper(),
        (record.get("admin2_pcode") or "").strip().upper(),
    )


def _write_prepared(records: Iterable[Mapping[str, str]], path: Path) -> list[str]:
    ids: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PREPARED_COLUMNS)
        for record in records:
            row = prepare(record)
            ids.append(row[0])
            writer.writerow(row)
    return ids


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
                cll.JaroWinklerLevel(column, 0.9),
                cll.LevenshteinLevel(column, 1),
                cll.ElseLevel(),
            ],
        )

    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.CustomLevel(
                "birth_date_l IS NOT NULL AND birth_date_l = birth_date_r", "same date"
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", "same year"),
            cll.CustomLevel(
                "abs(try_cast(birth_year_l AS INTEGER) - try_cast(birth_year_r AS INTEGER)) <= 1",
                "a year apart",
            ),
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
        blocking_rules_to_generate_predictions=[
            block_on("given_sk", "family_sk"),
            block_on("given_sk", "father_sk"),
            block_on("family_sk", "father_sk", "birth_year"),
            block_on("phone"),
            block_on("id_number"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def match(
    records: Iterable[Mapping[str, str]],
    *,
    merge_probability: float = MERGE_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
    seed: int = 1,
) -> MatchResult:
    """Cluster `records` (dicts with INPUT_COLUMNS); nothing outside the call is touched."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="sunbula-match-") as folder:
        path = Path(folder) / "people.csv"
        ids = _write_prepared(records, path)
        if len(ids) < 2:
            return MatchResult(clusters={record_id: record_id for record_id in ids})
        connection = duckdb.connect()
        connection.execute(
            "CREATE TABLE people AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [str(path)],
        )
        # Empty strings are missing values, so that two blanks never count as agreement.
        for column in PREPARED_COLUMNS[1:]:
            connection.execute(f"UPDATE people SET {column} = NULL WHERE {column} = ''")  # noqa: S608
        api = DuckDBAPI(connection=connection)
        linker = Linker(api.register("people"), _settings(), log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("id_number"), block_on("phone", "given_sk")], recall=0.6
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        for rule in (block_on("given_sk", "family_sk"), block_on("phone")):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        predictions = linker.inference.predict(threshold_match_probability=review_probability)
        pairs = connection.execute(
            f"SELECT record_id_l, record_id_r, match_probability FROM {predictions.physical_name}"  # noqa: S608
        ).fetchall()
        connection.close()
    return decide(ids, pairs, merge_probability=merge_probability)


def decide(
    ids: list[str], pairs: Iterable[tuple[str, str, float]], *, merge_probability: float
) -> MatchResult:
    """Merge the sure pairs into clusters; the rest of the scored pairs go to review."""
    parent = {record_id: record_id for record_id in ids}

    def find(record_id: str) -> str:
        while parent[record_id] != record_id:
            parent[record_id] = parent[parent[record_id]]
            record_id = parent[record_id]
        return record_id

    result = MatchResult(clusters={})
    unsure: list[tuple[str, str, float]] = []
    for left, right, probability in sorted(pairs, key=lambda pair: -pair[2]):
        if probability >= merge_probability:
            result.merges.append((left, right, probability))
            root_left, root_right = find(left), find(right)
            if root_left != root_right:
                parent[max(root_left, root_right)] = min(root_left, root_right)
        else:
            unsure.append((left, right, probability))
    result.clusters = {record_id: find(record_id) for record_id in ids}
    # A pair already joined through sure merges needs no review.
    result.review = [
        (left, right, round(probability, 6))
        for left, right, probability in unsure
        if result.clusters[left] != result.clusters[right]
    ]
    return result

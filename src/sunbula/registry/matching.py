"""Finding the same person twice: Splink (DuckDB backend) on transliteration-aware keys.

Names are compared on their skeletons (names.skeleton), so محمد, Mohammad and Mohd meet.
Splink estimates from the data how much each agreement says, weights common names down
(term frequencies) and scores candidate pairs. Pairs it is sure of are merged; pairs it is
unsure of go to a reviewer rather than being guessed, and so do pairs whose records hold two
different identity numbers, unlike given names or birth years more than a year apart, however
alike the rest: only a person can tell a re-registration from a namesake or a twin there.
Records born more than a year apart that share neither a phone nor an identity number are two
people (a parent and a child named alike) and are not sent to review. Two
different phones count against a pair in its score but do not stop a merge: people change
phones between registrations.

Candidate pairs come from blocking rules whose blocks stay small as the registry grows (each
rule on names also asks for a place or a birth year, and a rule on names and a place without
a birth year asks that one of the two records lack a birth date or a father); the model is trained on a random sample
of the records and scores all of them, in DuckDB under a memory limit.

Decisions are taken per cluster: a sure pair joins two clusters only when the joined cluster
would not hold two different identity numbers, and the review queue holds one pair per two
clusters (confirming it joins the clusters), not every pair of their records.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sunbula.registry.names import father_name, skeleton
from sunbula.registry.protection import normalise_id_number, phone_digits

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
# Calibrated on bench.registry_generate seed 7 and bench.registry_generate_second seed 3
# (100,000 records each): own merges keep a precision of about 0.994 and 0.997, and merges plus
# a queue of about 4.5 % of the records hold 0.97 and 0.955 of the true duplicate pairs. Pairs
# between the two thresholds go to a person.
MERGE_PROBABILITY = 0.97
REVIEW_PROBABILITY = 0.25
PREPARED_COLUMNS = (
    "record_id",
    "given_sk",
    "family_sk",
    "father_sk",
    "given_k",
    "family_k",
    "father_k",
    "sex",
    "birth_year",
    "birth_even",
    "birth_odd",
    "birth_date",
    "birth_md",
    "phone",
    "id_number",
    "admin1",
    "admin2",
)


# Candidate pairs: records agreeing on every column of at least one of these. Every rule on
# names alone also asks for a place or a birth year, so that a block holds the bearers of
# one name in one area or one generation and blocks grow with the registry, not with its
# square (a rule on given + family name alone made 325 million pairs out of 1,000,000
# records). Two birth years a year apart share their even or their odd two-year span
# (birth_even, birth_odd), which lets a rule ask for the birth year and still meet a year off.
# "swapped" is the pair whose given and family names are written the other way round.
# "one_unborn" and "one_fatherless" ask that at least one of the two records lack a birth date
# or a father's name: a re-registration missing one of them, with one name misread, meets its
# first record on the two other names and the district, while the many pairs of namesakes and
# siblings in one district that hold both are left to the rules above.
BLOCKING: tuple[tuple[str, ...], ...] = (
    ("phone",),
    ("id_number",),
    ("given_k", "family_k", "father_k", "birth_year", "admin1"),
    ("birth_date", "family_k"),
    ("birth_date", "father_k"),
    ("birth_date", "given_k"),
    ("birth_date", "admin1"),
    ("given_k", "father_sk", "birth_year", "admin2"),
    ("given_k", "family_sk", "birth_year", "admin2"),
    ("given_sk", "family_k", "father_k", "birth_even"),
    ("given_sk", "family_k", "father_k", "birth_odd"),
    ("family_k", "father_sk", "birth_year", "admin2"),
    ("given_sk", "father_sk", "birth_even", "admin1"),
    ("given_sk", "father_sk", "birth_odd", "admin1"),
    ("given_sk", "family_sk", "father_sk", "admin1"),
    ("family_sk", "birth_year", "sex", "admin2"),
    ("swapped", "admin2"),
    ("given_sk", "family_sk", "admin1", "one_fatherless"),
    ("given_sk", "family_sk", "father_k", "admin2", "one_unborn"),
    ("given_sk", "father_sk", "admin2", "one_unborn"),
    ("family_sk", "father_sk", "admin2", "one_unborn"),
)
# Records trained on: u from random pairs and m by expectation maximisation are estimated on
# a random sample of this many records, then every record is scored.
TRAINING_RECORDS = 100_000
# DuckDB's memory limit per call; beyond it DuckDB spills to a temporary directory of the call.
MEMORY_LIMIT = "4GB"


# National numbers are 8 to 10 digits long; written with the country code (+993 65 123456),
# a trunk prefix (8 65 123456, 0 70 123 4567) or neither, they end alike.
PHONE_DIGITS = 8


def phone_key(phone: str) -> str:
    """The last PHONE_DIGITS digits of `phone`: one key for every way of writing one number."""
    digits = phone_digits(phone)
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else ""


@dataclass
class MatchResult:
    clusters: dict[str, str]
    review: list[tuple[str, str, float]] = field(default_factory=list)
    merges: list[tuple[str, str, float]] = field(default_factory=list)
    scored: int = 0  # candidate pairs scored at or above the review threshold


def match_key(name: str) -> str:
    """The skeleton of `name` with kh and h as one letter, and zh and j: Russian writes х for
    both of the letters Latin spellings write h and kh (Мухаммад, Muhammad, Muxammad; Ахметов,
    Ahmetov), and Uzbek, Kazakh and Turkmen Latin write j for ж (Кенжебаева, Kenjebaeva)."""
    return re.sub(r"(.)\1+", r"\1", skeleton(name).replace("x", "h").replace("Z", "j"))


def prepare(record: Mapping[str, str]) -> tuple[str, ...]:
    """The columns the matcher compares, derived from one input record."""
    birth = (record.get("birth_date") or "").strip()
    year = birth[:4] if birth[:4].isdigit() else ""
    full = birth if len(birth) == 10 else ""
    sex = (record.get("sex") or "").strip().upper()[:1]
    given = match_key(record.get("given_name") or "")
    family = match_key(record.get("family_name") or "")
    father = match_key(father_name(record.get("father_name") or ""))
    return (
        str(record["record_id"]),
        given,
        family,
        father,
        given[:2],
        family[:2],
        father[:2],
        sex if sex in ("M", "F") else "",
        year,
        str(int(year) // 2) if year else "",
        str((int(year) + 1) // 2) if year else "",
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


SWAPPED_SQL = "given_sk_l = family_sk_r AND family_sk_l = given_sk_r"

# Identity numbers more than one letter apart: a strong hint of two people. Given names
# unlike each other (twins share a family, a father and a birth date) and birth years more
# than a year apart count. Given and family names swapped count too unless the father and
# the birth year agree: cousins named after one grandfather swap into each other's names.
CONFLICT_SQL = (
    "(id_number_l IS NOT NULL AND id_number_r IS NOT NULL"
    " AND levenshtein(id_number_l, id_number_r) > 1)"
    " OR (levenshtein(given_sk_l, given_sk_r) > 1"
    " AND jaro_winkler_similarity(given_sk_l, given_sk_r) < 0.88"
    f" AND NOT coalesce({SWAPPED_SQL}, false))"
    f" OR (given_sk_l <> given_sk_r AND coalesce({SWAPPED_SQL}, false)"
    " AND NOT coalesce(father_sk_l = father_sk_r AND birth_year_l = birth_year_r, false))"
    " OR abs(try_cast(birth_year_l AS INTEGER) - try_cast(birth_year_r AS INTEGER)) > 1"
)


def blocking_sql(rule: tuple[str, ...]) -> str:
    """One BLOCKING rule as the join condition Splink takes."""
    parts = []
    for column in rule:
        if column == "swapped":
            parts.append("l.given_sk = r.family_sk AND l.family_sk = r.given_sk")
        elif column == "one_unborn":
            parts.append("(l.birth_year IS NULL OR r.birth_year IS NULL)")
        elif column == "one_fatherless":
            parts.append("(l.father_sk IS NULL OR r.father_sk IS NULL)")
        else:
            parts.append(f"l.{column} = r.{column}")
    return " AND ".join(parts)


def _settings(probability_two_random_records_match: float) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    def name(column: str, *, swappable: bool = False) -> Any:
        swapped = [cll.CustomLevel(SWAPPED_SQL, "given and family name swapped")]
        return cl.CustomComparison(
            output_column_name=column,
            comparison_levels=[
                cll.NullLevel(column),
                cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
                *(swapped if swappable else []),
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
                f"{both_full} AND birth_year_l = birth_year_r AND birth_md_l = "
                "concat(substr(birth_md_r, 4, 2), '-', substr(birth_md_r, 1, 2))",
                "same year, day and month swapped",
            ),
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
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=[
            name("given_sk", swappable=True),
            name("family_sk", swappable=True),
            name("father_sk"),
            birth,
            cl.ExactMatch("sex"),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("id_number", [1]),
            place,
        ],
        blocking_rules_to_generate_predictions=[
            CustomRule(blocking_sql(rule)) for rule in BLOCKING
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


# Training passes of expectation maximisation: each estimates the comparisons its rule does
# not hold fixed. A rule that makes too few pairs in the records at hand is skipped.
TRAINING_BLOCKING = (
    ("given_sk", "family_sk"),
    ("phone",),
    ("family_sk", "birth_year"),
)
TRAINING_MINIMUM_PAIRS = 50


def connect(*, memory_limit: str = MEMORY_LIMIT, threads: int | None = None) -> Any:
    """A DuckDB connection of its own, with a memory limit; the caller closes it and removes
    its temporary directory (returned second)."""
    import tempfile

    import duckdb

    spill = tempfile.mkdtemp(prefix="sunbula-matching-")
    connection = duckdb.connect(config={"temp_directory": spill})
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute("SET preserve_insertion_order = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return connection, spill


def load(connection: Any, records: Iterable[Mapping[str, str]], table: str = "people") -> list[str]:
    """The prepared records as `table`; their ids in order."""
    import pyarrow  # type: ignore[import-untyped]

    columns = _prepared_columns(records)
    # The prepared records go to DuckDB as one Arrow column each, with no file in between.
    prepared = pyarrow.table(
        {
            name: pyarrow.array(values, type=pyarrow.string())
            for name, values in zip(PREPARED_COLUMNS, columns, strict=True)
        }
    )
    connection.register("prepared_records", prepared)
    try:
        connection.execute(f"CREATE TABLE {table} AS SELECT * FROM prepared_records")  # noqa: S608
    finally:
        connection.unregister("prepared_records")
    return [str(record_id) for record_id in columns[0]]


def _pairs(connection: Any, table: str, rule: tuple[str, ...]) -> int:
    """How many pairs of `table`'s records `rule` makes (records with a blank in it make none)."""
    keys = ", ".join(rule)
    present = " AND ".join(f"{column} IS NOT NULL" for column in rule)
    found = connection.execute(
        f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "  # noqa: S608
        f"(SELECT count(*) AS n FROM {table} WHERE {present} GROUP BY {keys})"
    ).fetchall()
    return int(found[0][0]) if found else 0


def _train(connection: Any, table: str, records: int, seed: int) -> dict[str, Any]:
    """The model, trained on `table`: u on random pairs, m by expectation maximisation."""
    from splink import DuckDBAPI, Linker, block_on

    # What share of pairs are one person, if the data cannot tell (no shared identity number
    # or phone): about one record in ten has a twin in registries.
    prior = min(0.5, 0.2 / max(records, 2))
    api = DuckDBAPI(connection=connection)
    linker = Linker(api.register(table), _settings(prior), log_level=None)
    # The share is read from pairs that share an identity number or a phone only when there
    # are enough of them: from one pair in a registry where few people gave a phone it comes
    # out so small that no pair on names alone would reach the review queue.
    deterministic = [
        rule
        for rule in (("id_number",), ("phone", "given_sk"))
        if _pairs(connection, table, rule) >= TRAINING_MINIMUM_PAIRS
    ]
    if deterministic:
        try:
            linker.training.estimate_probability_two_random_records_match(
                [block_on(*rule) for rule in deterministic], recall=0.6
            )
        except Exception:  # Splink refuses an estimate it finds implausible
            logging.getLogger(__name__).info("Kept the prior share of matching pairs.")
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in TRAINING_BLOCKING:
        if _pairs(connection, table, rule) < TRAINING_MINIMUM_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True
            )
        except Exception:  # too few pairs to converge: keep the defaults
            logging.getLogger(__name__).info("Skipped training on %s.", rule)
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return model


def score(
    records: Iterable[Mapping[str, str]],
    *,
    review_probability: float = REVIEW_PROBABILITY,
    seed: int = 1,
    memory_limit: str = MEMORY_LIMIT,
    threads: int | None = None,
    training_records: int = TRAINING_RECORDS,
) -> tuple[list[str], list[tuple[str, str, float, bool]]]:
    """Every candidate pair scoring at least `review_probability`, with its conflict flag.

    The model is trained on a random sample of `training_records` records (all of them when
    there are fewer) and scores every record."""
    import shutil

    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    connection, spill = connect(memory_limit=memory_limit, threads=threads)
    try:
        ids = load(connection, records)
        if len(ids) < 2:
            return ids, []
        training = "people"
        if len(ids) > training_records:
            training = "training"
            connection.execute(
                f"CREATE TABLE training AS SELECT * FROM people "  # noqa: S608
                f"USING SAMPLE reservoir({int(training_records)} ROWS) REPEATABLE ({int(seed)})"
            )
        model = _train(connection, training, min(len(ids), training_records), seed)
        if training != "people":
            connection.execute("DROP TABLE training")
        api = DuckDBAPI(connection=connection)
        linker = Linker(api.register("people"), model, log_level=None)
        predictions = linker.inference.predict(threshold_match_probability=review_probability)
        pairs = connection.execute(
            f"SELECT record_id_l, record_id_r, match_probability, "  # noqa: S608
            f"coalesce({CONFLICT_SQL}, false) FROM {predictions.physical_name}"
        ).fetchall()
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    return ids, pairs


def match(
    records: Iterable[Mapping[str, str]],
    *,
    merge_probability: float = MERGE_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
    seed: int = 1,
    memory_limit: str = MEMORY_LIMIT,
    threads: int | None = None,
    training_records: int = TRAINING_RECORDS,
    exclusive: Sequence[Mapping[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
) -> MatchResult:
    """Cluster `records` (dicts with INPUT_COLUMNS); nothing outside the call is touched.
    `exclusive` and `apart` keep records out of one cluster (see decide)."""
    records = list(records)
    ids, pairs = score(
        records,
        review_probability=review_probability,
        seed=seed,
        memory_limit=memory_limit,
        threads=threads,
        training_records=training_records,
    )
    numbers = {
        str(record["record_id"]): normalise_id_number(record.get("id_number") or "")
        for record in records
    }
    known = {
        str(record["record_id"]): (
            (record.get("birth_date") or "").strip()[:4],
            phone_key(record.get("phone") or ""),
        )
        for record in records
    }
    kept = [
        pair
        for pair in pairs
        if not _born_apart(known[pair[0]], known[pair[1]], numbers[pair[0]], numbers[pair[1]])
    ]
    result = decide(
        ids,
        kept,
        merge_probability=merge_probability,
        id_numbers=numbers,
        exclusive=exclusive,
        apart=apart,
    )
    result.scored = len(pairs)
    return result


def _born_apart(
    one: tuple[str, str], other: tuple[str, str], one_number: str, other_number: str
) -> bool:
    """Two records born more than a year apart that share neither a phone nor an identity
    number: two people (a parent and a child named alike, cousins named after one
    grandfather), neither merged nor sent to review. With a phone or a number in common, a
    person decides."""
    (one_year, one_phone), (other_year, other_phone) = one, other
    if not (one_year.isdigit() and other_year.isdigit()):
        return False
    if abs(int(one_year) - int(other_year)) <= 1:
        return False
    if one_phone and one_phone == other_phone:
        return False
    return not (one_number and other_number and _one_edit_apart(one_number, other_number))


def _one_edit_apart(one: str, other: str) -> bool:
    """`one` and `other` differ by at most one letter changed, dropped or added."""
    if abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) <= 1
    shorter, longer = sorted((one, other), key=len)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


def _one_number(numbers: set[str]) -> bool:
    """The identity numbers of one cluster can be one person's: one number, or several that
    differ by one digit written wrong or left out."""
    return all(_one_edit_apart(one, other) for one in numbers for other in numbers)


def decide(
    ids: list[str],
    pairs: Iterable[tuple[str, str, float] | tuple[str, str, float, bool]],
    *,
    merge_probability: float,
    id_numbers: Mapping[str, str] | None = None,
    exclusive: Sequence[Mapping[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
) -> MatchResult:
    """Merge the sure pairs into clusters; the rest of the scored pairs go to review.

    A pair flagged as conflicting (fourth item true) is never merged on its own, nor is a pair
    that would put two different identity numbers in one cluster (numbers one digit apart
    count as one: a digit written wrong or left out). Each mapping of `exclusive` (record id
    to a key, such as a phone's look-up hash) allows one key per cluster, exactly; two records
    of a pair in `apart` (a reviewer dismissed them, or undid their merge) never share a
    cluster: such a pair goes to review. The
    review queue keeps the best-scoring pair between any two clusters.
    """
    parent = {record_id: record_id for record_id in ids}
    numbers: dict[str, set[str]] = {
        record_id: {number} for record_id, number in (id_numbers or {}).items() if number
    }
    keys: list[dict[str, set[str]]] = [
        {record_id: {key} for record_id, key in keyed.items() if key} for keyed in exclusive
    ]
    members: dict[str, set[str]] = {}
    kept_from: dict[str, set[str]] = {}
    for one, other in apart:
        kept_from.setdefault(one, set()).add(other)
        kept_from.setdefault(other, set()).add(one)

    def separate(root_left: str, root_right: str) -> bool:
        """The two clusters hold two keys of one kind, or two records kept apart."""
        if any(len(kind.get(root_left, set()) | kind.get(root_right, set())) > 1 for kind in keys):
            return True
        left = members.get(root_left, {root_left})
        right = members.get(root_right, {root_right})
        return any(kept_from.get(record_id, set()) & right for record_id in left)

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
        if (
            probability >= merge_probability
            and not conflict
            and _one_number(joined)
            and (root_left == root_right or not separate(root_left, root_right))
        ):
            result.merges.append((left, right, probability))
            if root_left != root_right:
                keep, fold = min(root_left, root_right), max(root_left, root_right)
                parent[fold] = keep
                if joined:
                    numbers[keep] = joined
                for kind in keys:
                    if fold in kind:
                        kind[keep] = kind.get(keep, set()) | kind.pop(fold)
                if kept_from:
                    members[keep] = members.pop(keep, {keep}) | members.pop(fold, {fold})
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

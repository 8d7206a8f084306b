"""Matching across Cyrillic and Latin spellings, patronymics and phone formats; twins and
namesakes stay apart."""

from __future__ import annotations

import pytest

from sunbula.registry.matching import match, match_key, phone_key, score
from sunbula.registry.names import father_name, skeleton


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Мухаммад", "Mukhammad"),
        ("Хуршид", "Xurshid"),
        ("Хуршид", "Khurshid"),
        ("Джамшед", "Jamshed"),
        ("Dzhamshed", "Jamshed"),
        ("Şöhrat", "Shohrat"),
        ("Çary", "Chary"),
        ("Ýusup", "Юсуп"),
        ("Гульнара", "Gul'nara"),
        ("Қайрат", "Kairat"),
    ],
)
def test_cyrillic_and_latin_spellings_meet(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other) != ""


def test_the_matcher_takes_kh_and_h_for_one_letter() -> None:
    assert match_key("Мухаммад") == match_key("Muhammad") == match_key("Muxammad") != ""
    assert match_key("Ахметов") == match_key("Ahmetov") == match_key("Akhmetov") != ""


def test_the_matcher_takes_zh_and_j_for_one_letter() -> None:
    assert match_key("Кенжебаева") == match_key("Kenjebaeva") == match_key("Kenzhebaeva") != ""


def _candidates(records: list[dict[str, str]]) -> set[tuple[str, str]]:
    """The pairs of `records` that at least one blocking rule brings together."""
    import shutil

    from sunbula.registry.matching import BLOCKING, blocking_sql, connect, load

    connection, spill = connect()
    try:
        load(connection, records)
        rules = " OR ".join(f"({blocking_sql(rule)})" for rule in BLOCKING)
        found = connection.execute(
            "SELECT l.record_id, r.record_id FROM people l JOIN people r"  # noqa: S608
            f" ON l.record_id < r.record_id AND ({rules})"
        ).fetchall()
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    return {(str(left), str(right)) for left, right in found}


def test_a_re_registration_without_birth_date_or_father_and_a_name_misread_is_a_candidate() -> None:
    person = {
        "record_id": "1",
        "given_name": "Дильноза",
        "family_name": "Каримова",
        "father_name": "Мухаммадовна",
        "sex": "F",
        "birth_date": "1990-02-14",
        "phone": "",
        "id_number": "",
        "admin1_pcode": "UZ03",
        "admin2_pcode": "UZ0303",
    }
    misread_without_birth = {**person, "record_id": "2", "given_name": "DiInoza", "birth_date": ""}
    without_father = {**person, "record_id": "3", "father_name": "", "admin2_pcode": "UZ0301"}
    sister = {**person, "record_id": "4", "given_name": "Нигора", "birth_date": "1993-05-01"}
    pairs = _candidates([person, misread_without_birth, without_father, sister])
    assert ("1", "2") in pairs
    assert ("1", "3") in pairs
    # A sister born in another year, both dates known: no rule on the family alone meets her.
    assert ("1", "4") not in pairs


def test_different_cyrillic_names_stay_apart() -> None:
    assert skeleton("Гульнара") != skeleton("Дильноза")


@pytest.mark.parametrize(
    "written",
    ["Rustam", "Rustamovich", "Рустамович", "Rustamovna", "Rustam o'g'li", "Рустам угли",
     "Rustam qizi", "Rustamuly", "bin Rustam", "ibn Rustam", "бин Рустам", "Rustamowiç",
     "Rustamowna"],
)  # fmt: skip
def test_a_fathers_name_is_read_out_of_its_patronymic(written: str) -> None:
    assert skeleton(father_name(written)) == skeleton("Rustam")


def test_short_names_keep_their_endings() -> None:
    assert father_name("Ilich") == "Ilich"
    assert father_name("بن خالد") == "خالد"


@pytest.mark.parametrize("written", ["+993 65 123456", "8 65 123456", "99365123456", "0065123456"])
def test_one_number_written_with_or_without_country_code_and_trunk_prefix(written: str) -> None:
    assert phone_key(written) == "65123456"


def test_a_fragment_of_a_number_is_no_phone() -> None:
    assert phone_key("12-34") == ""


def _record(record_id: str, given: str, **changes: str) -> dict[str, str]:
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": "Karimov",
        "father_name": "Rustamovich",
        "sex": "M",
        "birth_date": "2010-04-05",
        "phone": "",
        "id_number": "",
        "admin1_pcode": "UZ01",
        "admin2_pcode": "UZ0101",
        **changes,
    }


OTHERS = [("Aziz", "Usmanov"), ("Zafar", "Nazarov"), ("Sanjar", "Aliev"), ("Otabek", "Sultanov"),
          ("Sherzod", "Rahimov"), ("Ulugbek", "Hasanov")]  # fmt: skip


def _others(count: int) -> list[dict[str, str]]:
    """`count` unrelated men of one district, born a year apart."""
    return [
        _record(f"other-{index}", name, family_name=family, birth_date=f"{1960 + index}-01-01")
        for index, (name, family) in enumerate(OTHERS[:count])
    ]


def test_twins_and_namesakes_born_years_apart_are_never_merged_on_their_own() -> None:
    records = [
        _record("twin-1", "Alisher"),
        _record("twin-2", "Farrukh"),
        _record("namesake-1", "Timur", birth_date="1975-01-01"),
        _record("namesake-2", "Timur", birth_date="1990-01-01"),
        # The same man twice, by identity number and by phone, for the estimates to start from.
        _record("again-1", "Bakhtiyor", family_name="Yusupov", id_number="AA1234567"),
        _record("again-2", "Бахтиёр", family_name="Юсупов", id_number="AA 1234567"),
        _record("again-3", "Jasur", family_name="Ismailov", phone="+998 90 1234567"),
        _record("again-4", "Жасур", family_name="Исмаилов", phone="8 90 123 45 67"),
        *_others(6),
    ]
    _ids, pairs = score(records, review_probability=0.0)
    conflicting = {frozenset((left, right)): conflict for left, right, _p, conflict in pairs}
    assert conflicting[frozenset(("twin-1", "twin-2"))]
    assert conflicting[frozenset(("namesake-1", "namesake-2"))]
    assert not conflicting[frozenset(("again-1", "again-2"))]
    assert not conflicting[frozenset(("again-3", "again-4"))]
    result = match(records)
    assert result.clusters["twin-1"] != result.clusters["twin-2"]
    assert result.clusters["namesake-1"] != result.clusters["namesake-2"]


def test_namesakes_born_years_apart_reach_a_reviewer_only_with_a_phone_in_common() -> None:
    records = [
        _record("father", "Timur", birth_date="1975-01-01"),
        _record("son", "Timur", birth_date="1999-01-01"),
        _record("shared-1", "Rustam", birth_date="1970-03-02", phone="+998 90 7654321"),
        _record("shared-2", "Rustam", birth_date="1985-03-02", phone="8 90 765 43 21"),
        _record("again-1", "Bakhtiyor", family_name="Yusupov", id_number="AA1234567"),
        _record("again-2", "Бахтиёр", family_name="Юсупов", id_number="AA 1234567"),
        *_others(4),
    ]
    # Every scored pair would go to review: only the guard keeps the namesakes out of it.
    result = match(records, review_probability=0.0)
    reviewed = {frozenset((left, right)) for left, right, _score in result.review}
    assert result.clusters["father"] != result.clusters["son"]
    assert frozenset(("father", "son")) not in reviewed
    assert result.clusters["shared-1"] != result.clusters["shared-2"]
    assert frozenset(("shared-1", "shared-2")) in reviewed

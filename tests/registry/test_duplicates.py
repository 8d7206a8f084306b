"""Deduplication: transliterations meet; review, merge, undo; the file command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from sunbula.core.models import AuditEntry, User
from sunbula.registry import services
from sunbula.registry.matching import decide
from sunbula.registry.models import DuplicatePair, Person
from sunbula.registry.names import skeleton
from tests.conftest import World, client_for


@pytest.mark.parametrize("spelling", ["Muhammad", "Mohammed", "Mohd", "محمد", "Mohamed"])
def test_spellings_of_one_name_meet(spelling: str) -> None:
    assert skeleton(spelling) == skeleton("Mohammad")


def test_different_names_stay_apart() -> None:
    assert skeleton("Fatima") != skeleton("Zahra")


def test_unsure_pairs_go_to_review_and_sure_ones_merge() -> None:
    result = decide(["a", "b", "c"], [("a", "b", 0.999), ("b", "c", 0.7)], merge_probability=0.99)
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]
    assert result.review == [("b", "c", 0.7)]


def test_dedupe_command_on_a_file(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    rows = [
        (
            "r1",
            "Mohammad",
            "Ahmadzai",
            "Karim",
            "M",
            "1980-01-01",
            "0700111222",
            "",
            "AF32",
            "AF3201",
        ),
        ("r2", "محمد", "احمدزی", "کریم", "M", "1980", "+93 700 111 222", "", "AF32", "AF3202"),
        ("r3", "Fatima", "Karimi", "Hamid", "F", "1990-05-05", "", "", "AF05", "AF0501"),
    ]
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            (
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
        )
        writer.writerows(rows)
    output, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    call_command(
        "registry_dedupe", "--input", str(source), "--output", str(output), "--review", str(review)
    )
    with output.open(encoding="utf-8-sig") as result:
        clusters = {row["record_id"]: row["cluster_id"] for row in csv.DictReader(result)}
    assert set(clusters) == {"r1", "r2", "r3"}
    assert clusters["r3"] not in (clusters["r1"], clusters["r2"])
    assert review.read_text(encoding="utf-8-sig").startswith("record_id_1,record_id_2,score")


@pytest.mark.django_db
def test_confirm_merges_and_undo_restores(protection_officer: User, world: World) -> None:
    first = services.person_register(actor=None, country=world.afghanistan, given_name="Ali")
    second = services.person_register(actor=None, country=world.afghanistan, given_name="علي")
    pair = services.duplicate_pair_flag(actor=None, person_1=second, person_2=first, score=0.8)
    client = client_for(protection_officer)
    assert client.get("/en/registry/duplicates/").status_code == 200
    client.post(f"/en/registry/duplicates/{pair.pk}/confirm/")
    second.refresh_from_db()
    assert second.status == Person.Status.CONFIRMED_DUPLICATE and second.duplicate_of == first
    merge = AuditEntry.objects.get(action="registry.person.merged")
    client.post(f"/en/registry/merges/{merge.object_id}/undo/")
    second.refresh_from_db()
    pair.refresh_from_db()
    assert second.status == Person.Status.ACTIVE and second.duplicate_of is None
    assert pair.status == DuplicatePair.Status.PENDING


@pytest.mark.django_db
def test_dismiss_through_the_api(protection_officer: User, world: World) -> None:
    first = services.person_register(actor=None, country=world.afghanistan, given_name="Omar")
    second = services.person_register(actor=None, country=world.afghanistan, given_name="Umar")
    pair = services.duplicate_pair_flag(actor=None, person_1=first, person_2=second, score=0.6)
    response = client_for(protection_officer).post(
        f"/api/v1/registry/duplicates/{pair.pk}/dismiss/"
    )
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.status == "dismissed"
    again = client_for(protection_officer).post(f"/api/v1/registry/duplicates/{pair.pk}/dismiss/")
    assert again.status_code == 409


def test_two_identity_numbers_are_never_merged_on_their_own() -> None:
    pairs = [("a", "b", 0.999, False), ("b", "c", 0.999, False)]
    result = decide(
        ["a", "b", "c"], pairs, merge_probability=0.97, id_numbers={"a": "111", "c": "222"}
    )
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]
    assert result.review == [("b", "c", 0.999)]


def test_a_conflicting_pair_goes_to_review_and_clusters_share_one_review_pair() -> None:
    pairs = [("a", "b", 0.99), ("a", "c", 0.999, True), ("b", "c", 0.6, False)]
    result = decide(["a", "b", "c"], pairs, merge_probability=0.97)
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]
    assert result.review == [("a", "c", 0.999)]

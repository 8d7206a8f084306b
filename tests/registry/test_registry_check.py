"""The whole-registry check: a worker merges the matcher's sure pairs and queues the others."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from bench.registry_generate import generate
from sunbula.core.errors import NotPermitted
from sunbula.core.models import AuditEntry, Country, User
from sunbula.core.worker import run_pending
from sunbula.registry import dedupe, matching, services, tasks
from sunbula.registry.models import DedupeRun, DuplicatePair, Merge, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _registry(world: World, admin: User, records: int = 160) -> list[Person]:
    """A generated registry, a fifth of it people registered again, in Afghanistan."""
    personal = matching.INPUT_COLUMNS[1:8]  # names to identity number, no area
    return [
        services.person_register(
            actor=admin,
            country=world.afghanistan,
            id_document_type="tazkira" if row["id_number"] else "",
            **{key: row[key] for key in personal},
        )
        for row in generate(records, seed=5)
    ]


def _expected(world: World) -> matching.MatchResult:
    """What the matcher decides on the registry as the worker reads it."""
    records, phones, numbers = dedupe.read_records(world.afghanistan.pk)
    return matching.match(
        records, exclusive=(phones, numbers), apart=dedupe.apart_pairs(world.afghanistan.pk)
    )


def test_the_check_merges_sure_clusters_and_queues_the_rest(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin)
    expected = _expected(world)
    clusters: dict[str, set[int]] = {}
    for record_id, cluster in expected.clusters.items():
        clusters.setdefault(cluster, set()).add(int(record_id))
    folded = sum(len(members) - 1 for members in clusters.values())
    assert folded > 0 and expected.review  # the generated registry has both kinds

    run = tasks.queue_check(actor=protection_officer, country=world.afghanistan)
    assert run.status == DedupeRun.Status.PENDING
    run_pending()
    run.refresh_from_db()
    assert run.status == DedupeRun.Status.DONE, run.reason
    assert run.records_read == len(expected.clusters)
    assert run.candidate_pairs == expected.scored
    assert run.merged == folded
    for members in clusters.values():
        survivor = min(members)
        for pk in members - {survivor}:
            merged = Person.objects.get(pk=pk)
            assert merged.status == Person.Status.CONFIRMED_DUPLICATE
            assert merged.duplicate_of_id == survivor
    pending = DuplicatePair.objects.filter(
        country=world.afghanistan, status=DuplicatePair.Status.PENDING
    )
    assert run.queued > 0
    assert pending.count() >= run.queued
    for pair in pending.select_related("person_1", "person_2"):
        assert pair.person_1.status == pair.person_2.status == Person.Status.ACTIVE
    assert AuditEntry.objects.filter(action="registry.person.merged").count() == folded


def test_no_merged_cluster_holds_two_phones_or_two_identity_numbers(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin)
    tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    survivors = Person.objects.filter(duplicate_of__isnull=False).values_list(
        "duplicate_of", flat=True
    )
    assert survivors
    for survivor in set(survivors):
        cluster = Person.objects.filter(pk=survivor) | Person.objects.filter(duplicate_of=survivor)
        for column in ("phone_hash", "id_number_hash"):
            assert len(set(cluster.values_list(column, flat=True)) - {""}) <= 1


def test_a_dismissed_pair_is_never_merged(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin)
    sure = _expected(world).merges[0]
    one, other = (Person.objects.get(pk=int(pk)) for pk in sure[:2])
    pair = services.duplicate_pair_flag(actor=admin, person_1=one, person_2=other, score=0.5)
    services.duplicate_pair_dismiss(actor=protection_officer, pair=pair)

    tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    one.refresh_from_db()
    other.refresh_from_db()
    roots = {person.duplicate_of_id or person.pk for person in (one, other)}
    assert len(roots) == 2
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED


def test_two_phones_or_numbers_keep_clusters_apart() -> None:
    pairs = [("a", "b", 0.999), ("b", "c", 0.999), ("c", "d", 0.999)]
    phones = {"a": "p1", "b": "", "c": "p2", "d": "p2"}
    result = matching.decide(
        ["a", "b", "c", "d"], pairs, merge_probability=0.97, exclusive=[phones]
    )
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]
    assert result.clusters["c"] == result.clusters["d"]
    assert [pair[:2] for pair in result.review] == [("b", "c")]
    kept = matching.decide(["a", "b"], pairs[:1], merge_probability=0.97, apart=[("b", "a")])
    assert kept.clusters["a"] != kept.clusters["b"]


def test_a_check_is_refused_outside_the_reviewers_countries(
    world: World, protection_officer: User, officer_afg: User
) -> None:
    with pytest.raises(NotPermitted):
        services.dedupe_run_queue(actor=protection_officer, country=world.kazakhstan)
    with pytest.raises(NotPermitted):  # the programme officer does not review duplicates
        services.dedupe_run_queue(actor=officer_afg, country=world.afghanistan)
    assert not DedupeRun.objects.exists()


def test_a_registry_too_small_to_match_is_checked(
    world: World, admin: User, protection_officer: User
) -> None:
    services.person_register(actor=admin, country=world.afghanistan, given_name="Zahra")
    run = tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    assert run.status == DedupeRun.Status.DONE
    assert (run.records_read, run.merged, run.queued) == (1, 0, 0)


def test_the_review_queue_starts_a_check_for_the_reviewers_countries_only(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin, records=60)
    client = client_for(protection_officer)
    page = client.get("/en/registry/duplicates/")
    assert page.status_code == 200
    assert "Check the whole registry" in page.content.decode()
    choices = [
        str(choice) for _value, choice in page.context["check_form"].fields["country"].choices
    ]
    assert str(world.afghanistan) in choices and str(world.kazakhstan) not in choices

    refused = client.post("/en/registry/duplicates/checks/new/", {"country": world.kazakhstan.pk})
    assert refused.status_code == 422 and not DedupeRun.objects.exists()
    started = client.post("/en/registry/duplicates/checks/new/", {"country": world.afghanistan.pk})
    assert started.status_code == 302
    run_pending()
    listed = client.get("/en/registry/duplicates/checks/")
    assert listed.status_code == 200
    run = DedupeRun.objects.get()
    assert run.status == DedupeRun.Status.DONE
    assert list(listed.context["page"]) == [run]
    assert f"<td><bdi>{run.records_read}</bdi></td>" in listed.content.decode()


def test_checks_are_for_reviewers_of_duplicates(world: World, officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/registry/duplicates/checks/").status_code == 403
    assert (
        client.post(
            "/en/registry/duplicates/checks/new/", {"country": world.afghanistan.pk}
        ).status_code
        == 403
    )


def test_the_api_lists_retrieves_and_queues_checks(
    world: World, admin: User, protection_officer: User
) -> None:
    client = client_for(protection_officer)
    made = client.post(
        "/api/v1/registry/checks/", {"country": "AFG"}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending" and made.json()["country"] == "AFG"
    run_pending()
    one = client.get(f"/api/v1/registry/checks/{made.json()['id']}/")
    assert one.status_code == 200 and one.json()["status"] == "done"
    assert [row["id"] for row in client.get("/api/v1/registry/checks/").json()["results"]] == [
        made.json()["id"]
    ]
    elsewhere = client.post(
        "/api/v1/registry/checks/", {"country": "KAZ"}, content_type="application/json"
    )
    assert elsewhere.status_code == 400 and "country" in elsewhere.json()
    other = services.dedupe_run_queue(actor=admin, country=world.kazakhstan)
    assert client.get(f"/api/v1/registry/checks/{other.pk}/").status_code == 404
    assert client.get("/api/v1/registry/checks/999999/").status_code == 404


def test_the_command_queues_or_runs_a_check(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin, records=60)
    out = io.StringIO()
    call_command(
        "registry_dedupe", "--country", "AFG", "--as", protection_officer.email, stdout=out
    )
    assert "queued" in out.getvalue()
    assert DedupeRun.objects.get().status == DedupeRun.Status.PENDING
    out = io.StringIO()
    call_command(
        "registry_dedupe",
        "--country",
        "afg",
        "--as",
        protection_officer.email,
        "--inline",
        stdout=out,
    )
    done = DedupeRun.objects.filter(status=DedupeRun.Status.DONE).get()
    assert f"{done.records_read} records" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("registry_dedupe", "--country", "KAZ", "--as", protection_officer.email)
    with pytest.raises(CommandError):
        call_command("registry_dedupe", "--input", "people.csv")


def test_the_queue_shows_both_records_side_by_side_masked_without_clearance(
    world: World, admin: User, protection_officer: User
) -> None:
    one = services.person_register(
        actor=admin, country=world.afghanistan, given_name="Zahra", phone="0700 123 456"
    )
    other = services.person_register(
        actor=admin, country=world.afghanistan, given_name="Zahra", phone="+93 700 123 456"
    )
    pair = DuplicatePair.objects.get(person_1=one, person_2=other)
    cleared = client_for(protection_officer).get("/en/registry/duplicates/").content.decode()
    assert f"P-{one.pk}" in cleared and f"P-{other.pk}" in cleared
    assert "Zahra" in cleared and "Same phone" in cleared
    assert f"{pair.score}"[:3] in cleared
    masked = client_for(admin).get("/en/registry/duplicates/").content.decode()
    assert "Zahra" not in masked and "0700 123 456" not in masked
    assert f"P-{one.pk}" in masked and "Same phone" in masked


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("ar", "فحوص السجل", "فحص السجل بأكمله"),
        ("fr", "Vérifications du registre", "Vérifier tout le registre"),
        ("ru", "Проверки реестра", "Проверить весь реестр"),
    ],
)
def test_the_checks_page_speaks_the_readers_language(
    protection_officer: User, language: str, heading: str, button: str
) -> None:
    page = client_for(protection_officer).get(f"/{language}/registry/duplicates/checks/")
    text = page.content.decode()
    assert heading in text and button in text


def test_the_demo_registry_is_checked(director: User) -> None:
    country = Country.objects.get(iso3="AFG")
    run = tasks.run_check_here(actor=director, country=country)
    assert run.status == DedupeRun.Status.DONE, run.reason
    active = Person.objects.filter(country=country, status=Person.Status.ACTIVE)
    assert run.records_read == active.count() + run.merged


def test_a_check_that_stops_fails_with_its_reason(
    world: World, admin: User, protection_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _registry(world, admin, records=20)

    def broken(*args: object, **kwargs: object) -> matching.MatchResult:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(matching, "match", broken)
    run = tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    assert run.status == DedupeRun.Status.FAILED
    assert "unexpected error" in run.reason and run.finished_at is not None
    assert not Person.objects.filter(status=Person.Status.CONFIRMED_DUPLICATE).exists()


def test_a_cluster_merged_in_bulk_undoes_merge_by_merge(
    world: World, admin: User, protection_officer: User
) -> None:
    people = _registry(world, admin)
    # A pair waiting in the queue inside a sure cluster is answered by the merge.
    expected = _expected(world)
    sure = next(pair for pair in expected.merges if pair[0] != pair[1])
    one, other = sorted(int(pk) for pk in sure[:2])
    waiting = services.duplicate_pair_flag(
        actor=admin,
        person_1=Person.objects.get(pk=one),
        person_2=Person.objects.get(pk=other),
        score=0.5,
    )
    tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    waiting.refresh_from_db()
    assert waiting.status == DuplicatePair.Status.CONFIRMED
    survivor = Person.objects.get(pk=min(one, other))
    members = list(Person.objects.filter(duplicate_of=survivor))
    assert members and all(m.status == Person.Status.CONFIRMED_DUPLICATE for m in members)
    merges = list(Merge.objects.filter(survivor=survivor))
    assert sorted(merge.duplicate_id for merge in merges) == sorted(m.pk for m in members)
    for merge in merges:
        assert AuditEntry.objects.filter(
            action="registry.person.merged", object_id=str(merge.pk)
        ).exists()
        services.merge_undo(actor=protection_officer, merge=merge)
    for member in members:
        member.refresh_from_db()
        assert member.status == Person.Status.ACTIVE and member.duplicate_of_id is None
        assert AuditEntry.objects.filter(
            action="registry.person.updated", object_id=str(member.pk)
        ).exists()
    assert AuditEntry.objects.filter(action="registry.person.merge_undone").count() == len(merges)
    waiting.refresh_from_db()
    assert waiting.status == DuplicatePair.Status.PENDING
    assert len(people) == Person.objects.filter(status=Person.Status.ACTIVE).count() + (
        Person.objects.filter(status=Person.Status.CONFIRMED_DUPLICATE).count()
    )


def test_a_merge_undone_waits_for_a_person_and_the_next_check_does_not_make_it_again(
    world: World, admin: User, protection_officer: User
) -> None:
    _registry(world, admin)
    tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    undone = list(Merge.objects.order_by("pk")[:3])
    assert len(undone) == 3
    for merge in undone:
        services.merge_undo(actor=protection_officer, merge=merge)

    run = tasks.run_check_here(actor=protection_officer, country=world.afghanistan)
    assert run.status == DedupeRun.Status.DONE, run.reason

    def root(pk: int) -> int:
        return Person.objects.get(pk=pk).duplicate_of_id or pk

    for merge in undone:
        # Never one record again; a pair between the records they are waits in the queue.
        kept, restored = root(merge.survivor_id), root(merge.duplicate_id)
        assert kept != restored
        first, second = sorted((kept, restored))
        pair = DuplicatePair.objects.get(person_1_id=first, person_2_id=second)
        assert pair.status == DuplicatePair.Status.PENDING


def test_closing_a_check_leaves_a_cluster_that_changed_since_it_was_read(
    world: World, admin: User, protection_officer: User
) -> None:
    def person(given: str, phone: str = "") -> Person:
        return services.person_register(
            actor=admin, country=world.afghanistan, given_name=given, phone=phone
        )

    two_phones = [person("Ali", "0700 111 111"), person("Ali", "0700 222 222")]
    kept_apart = [person("Omar"), person("Omar")]
    one_person = [person("Zahra"), person("Zahra"), person("Zahra")]
    pair = DuplicatePair.objects.filter(person_1=kept_apart[0], person_2=kept_apart[1]).first()
    if pair is None:
        pair = services.duplicate_pair_flag(
            actor=admin, person_1=kept_apart[0], person_2=kept_apart[1], score=0.5
        )
    services.duplicate_pair_dismiss(actor=protection_officer, pair=pair)
    run = services.dedupe_run_queue(actor=protection_officer, country=world.afghanistan)
    clusters = [[p.pk for p in group] for group in (two_phones, kept_apart, one_person)]
    run = services.dedupe_run_finish(
        actor=protection_officer,
        run=run,
        records_read=7,
        candidate_pairs=4,
        clusters=clusters,
        review=[],
    )
    assert run.merged == 2
    merged = Person.objects.filter(status=Person.Status.CONFIRMED_DUPLICATE)
    assert sorted(merged.values_list("pk", flat=True)) == [p.pk for p in one_person[1:]]
    assert set(merged.values_list("duplicate_of", flat=True)) == {one_person[0].pk}

"""A registry import reads its file twice, checking then storing a batch at a time: a file
longer than a batch is still stored whole or not at all, and importing it again changes
nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.core.reasons import reason_text
from sunbula.registry import importing, services
from sunbula.registry.models import DuplicatePair, ImportJob, Person
from sunbula.registry.services import imports as import_services
from sunbula.registry.validation import PersonRow
from tests.conftest import World

pytestmark = pytest.mark.django_db

BATCH = 10
ROWS = 35  # four batches, the last one short


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_services, "IMPORT_BATCH", BATCH)
    monkeypatch.setattr(import_services, "PAIR_CHUNK", BATCH)
    monkeypatch.setattr(importing, "CHECK_BATCH", BATCH)


def _file(rows: int = ROWS, last: str = "") -> bytes:
    lines = ["external_id,given_name,family_name,sex,birth_date,phone,admin_area"]
    lines += [
        f"S-{number},Name{number},Karimi,F,1990,+93 7{number:08d},AF32" for number in range(rows)
    ]
    if last:
        lines.append(last)
    return ("\n".join(lines) + "\n").encode()


def _import(officer: User, world: World, content: bytes) -> ImportJob:
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="people.csv",
        size=len(content),
    )


def test_a_file_of_several_batches_is_stored_whole(officer_afg: User, world: World) -> None:
    job = _import(officer_afg, world, _file())
    assert (job.status, job.processed_rows, job.created_rows) == ("succeeded", ROWS, ROWS)
    assert Person.objects.count() == ROWS
    entry = AuditEntry.objects.get(action="registry.importjob.imported")
    named = [pk for first, last in entry.after["created_people"] for pk in range(first, last + 1)]
    assert named == sorted(Person.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("last", "column"),
    [
        ("S-LAST,=HYPERLINK(1),,F,1990,,AF32", "given_name"),  # the file's rule
        ("S-LAST,Gul,,F,2999,,AF32", "birth_date"),  # the model's rule
        ("S-3,Gul,,F,1990,,AF32", "external_id"),  # an id of the first batch again
    ],
)
def test_a_bad_line_near_the_end_stores_nothing(
    officer_afg: User, world: World, last: str, column: str
) -> None:
    job = _import(officer_afg, world, _file(last=last))
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (ROWS + 2, column)
    ]
    assert Person.objects.count() == 0
    assert not AuditEntry.objects.filter(action="registry.importjob.imported").exists()


def test_the_service_undoes_the_batches_it_stored_when_a_later_one_is_refused(
    officer_afg: User, world: World
) -> None:
    job = services.import_job_start(actor=officer_afg, file_name="p.csv", country=world.afghanistan)
    read: list[int] = []

    def rows() -> Iterator[PersonRow]:  # read one at a time, as from the file
        for number in range(ROWS):
            read.append(number)
            yield PersonRow(line=number + 2, external_id=f"S-{number}", values={"given_name": "A"})
        yield PersonRow(line=ROWS + 2, external_id="S-1", values={"given_name": "Again"})

    with pytest.raises(services.ImportRowsRefused) as refused:
        services.people_import(actor=officer_afg, job=job, rows=rows())
    assert [(line, name) for line, name, _message in refused.value.problems] == [
        (ROWS + 2, "external_id")
    ]
    assert len(read) == ROWS
    assert Person.objects.count() == 0


def _people() -> list[tuple[int, str, str, str]]:
    return [
        (person.pk, person.given_name, person.phone, person.phone_hash)
        for person in Person.objects.order_by("pk")
    ]


def test_importing_the_same_file_again_changes_nothing(officer_afg: User, world: World) -> None:
    content = _file()
    _import(officer_afg, world, content)
    stored = _people()
    again = _import(officer_afg, world, content)
    assert (again.status, again.created_rows, again.updated_rows) == ("succeeded", 0, 0)
    assert _people() == stored
    assert not AuditEntry.objects.filter(action="registry.person.updated").exists()


def test_a_pair_across_two_chunks_is_queued_once(officer_afg: User, world: World) -> None:
    # The first and the last row share a phone: they are matched in different chunks.
    content = _file(last=f"S-LAST,Name0,Karimi,F,1990,+93 7{0:08d},AF32")
    job = _import(officer_afg, world, content)
    assert job.status == "succeeded"
    pair = DuplicatePair.objects.get()
    assert {pair.person_1.external_id, pair.person_2.external_id} == {"S-0", "S-LAST"}
    again = _import(officer_afg, world, content)
    assert again.status == "succeeded" and DuplicatePair.objects.count() == 1


def test_a_repeated_id_is_reported_once_with_the_line_it_repeats(
    officer_afg: User, world: World
) -> None:
    content = (
        b"external_id,given_name,birth_date\n"
        b"A,Ali,1990\n"
        b"B,Omar,1990\n"
        b"A,Gul,1990\n"  # in the same batch as line 2
        + b"".join(f"C-{number},Zahra,1990\n".encode() for number in range(BATCH))
        + b"B,Omar,2999\n"  # in a later batch, and born in the future
    )
    job = _import(officer_afg, world, content)
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (4, "external_id"),
        (15, "external_id"),
        (15, "birth_date"),
    ]
    assert reason_text(job.problems[0]) == "The same id as line 2."
    assert reason_text(job.problems[1]) == "The same id as line 3."
    assert Person.objects.count() == 0

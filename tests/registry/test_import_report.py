"""An import's report is read in the reader's language: reasons are kept untranslated, columns
are named by the registry's headings, and a refused file says how many rows were checked."""

from __future__ import annotations

import io

import pytest

from sunbula.core.models import User
from sunbula.registry import importing, services
from sunbula.registry.models import ImportJob
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

BAD = (
    b"external_id,given_name,sex,phone\n"
    b"A,Ali,X,+93 700 111 222\n"
    b"B,Omar,M,not a phone\n"
    b"C,Gul,F,\n"
    b"\n"
    b"D," + b"x" * 501 + b",M,\n"
)


def _import(officer: User, world: World, content: bytes) -> ImportJob:
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="p.csv",
        size=len(content),
    )


def _report(officer: User, job: ImportJob, language: str) -> str:
    page = client_for(officer).get(f"/{language}/registry/imports/{job.pk}/")
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize(
    ("language", "translated"),
    [
        ("ar", ("استخدم M أو F.", "الجنس", "الهاتف")),
        ("ru", ("Используйте M или F.", "Это не номер телефона.", "Длиннее 500 символов.", "Пол")),
    ],
)
def test_the_report_is_shown_in_the_readers_language(
    officer_afg: User, world: World, language: str, translated: tuple[str, ...]
) -> None:
    job = _import(officer_afg, world, BAD)
    assert job.status == "failed"
    page = _report(officer_afg, job, language)
    for text in translated:
        assert text in page, text
    for english in ("Use M or F.", "Not a phone number.", "Longer than 500"):
        assert english not in page, english
    assert "Use M or F." in _report(officer_afg, job, "en")


def test_reasons_are_stored_untranslated_with_their_parameters(
    officer_afg: User, world: World
) -> None:
    job = _import(officer_afg, world, BAD)
    assert {"line": 3, "column": "phone", "message": "Not a phone number."} in job.problems
    assert {
        "line": 6,
        "column": "given_name",
        "message": "Longer than %(count)s characters.",
        "params": {"count": 500},
    } in job.problems


def test_a_report_kept_as_text_before_is_still_shown(officer_afg: User, world: World) -> None:
    job = services.import_job_start(actor=officer_afg, file_name="p.csv", country=world.afghanistan)
    kept = [
        {"line": 2, "column": "sex", "message": "Use M or F."},
        {"line": 3, "column": "x", "message": "Something the catalogues never knew."},
        {"line": 4, "column": "birth_date", "message": ""},
    ]
    services.import_job_fail(actor=officer_afg, job=job, problems=kept)
    page = _report(officer_afg, job, "ru")
    assert "Используйте M или F." in page
    assert "Something the catalogues never knew." in page
    assert "<td>x</td>" in page  # a column the registry does not know, as it was
    assert "Причина удалена" in page


def test_a_refused_file_says_how_many_rows_were_checked(officer_afg: User, world: World) -> None:
    job = _import(officer_afg, world, BAD)
    assert job.status == "failed" and job.processed_rows == 4
    assert "<bdi>4</bdi> rows checked" in _report(officer_afg, job, "en")

"""A registration file's `vulnerabilities` column: codes or English names, separated by the
reader's list separators, stored as the pages and the API store them; an unknown one refuses
the file with its line; a re-import with the same ones changes nothing, with others updates
and audits them; a file without the column leaves them as they are."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from sunbula.core.lists import joined
from sunbula.core.models import AuditEntry, User
from sunbula.core.worker import run_pending
from sunbula.registry import importing, services
from sunbula.registry.models import ImportJob, Person, Vulnerability
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
UPDATED = "registry.person.updated"


def _import(officer: User, world: World, content: str) -> ImportJob:
    data = content.encode()
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(data),
        file_name="partner.csv",
        size=len(data),
    )


def _vulnerabilities() -> dict[str, list[str]]:
    return dict(Person.objects.values_list("external_id", "vulnerabilities"))


def test_codes_and_english_names_are_imported_from_the_page(
    officer_afg: User, world: World
) -> None:
    content = (
        "external_id,given_name,vulnerabilities\n"
        'V-1,Farida,"disability; Pregnant or lactating"\n'
        "V-2,Gul,FEMALE-HEADED HOUSEHOLD|older_person\n"
        "V-3,Omar,\n"
        'V-4,Zahra," Chronic illness , chronic_illness "\n'
    )
    upload = SimpleUploadedFile("partner.csv", content.encode())
    response = client_for(officer_afg).post(
        "/en/registry/imports/", {"country": world.afghanistan.pk, "file": upload}
    )
    run_pending()

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "succeeded", job.problems
    assert _vulnerabilities() == {
        "V-1": ["disability", "pregnant_lactating"],
        "V-2": ["female_headed", "older_person"],
        "V-3": [],
        "V-4": ["chronic_illness"],
    }
    farida = Person.objects.get(external_id="V-1")
    page = client_for(officer_afg).get(f"/en/registry/people/{farida.pk}/").content.decode()
    assert "Disability" in page and "Pregnant or lactating" in page


def test_the_arabic_comma_and_kobos_spaces_separate_them(officer_afg: User, world: World) -> None:
    content = (
        "external_id,given_name,Vulnerabilities\n"
        'V-1,فريدة,"disability، older_person"\n'
        'V-2,Gul,"child_headed ، Disability"\n'
        "V-3,Omar,disability pregnant_lactating\n"
    )
    job = _import(officer_afg, world, content)

    assert job.status == "succeeded", job.problems
    assert _vulnerabilities() == {
        "V-1": ["disability", "older_person"],
        "V-2": ["disability", "child_headed"],
        "V-3": ["disability", "pregnant_lactating"],
    }


def test_an_unknown_vulnerability_refuses_the_file_on_its_line(
    officer_afg: User, world: World
) -> None:
    content = (
        "external_id,given_name,vulnerabilities\n"
        "V-1,Farida,disability\n"
        "V-2,Gul,\n"
        'V-3,Omar,"disability, blind, pregnant"\n'
    )
    job = _import(officer_afg, world, content)

    assert job.status == "failed"
    assert Person.objects.count() == 0
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (4, "vulnerabilities")
    ]
    english = client_for(officer_afg).get(f"/en/registry/imports/{job.pk}/").content.decode()
    assert "Vulnerabilities" in english
    assert "Not a known vulnerability." in english and "blind" not in english
    assert "pregnant_lactating" in english  # what to write instead
    arabic = client_for(officer_afg).get(f"/ar/registry/imports/{job.pk}/").content.decode()
    with translation.override("ar"):
        heading = translation.gettext("vulnerabilities")
        reason = translation.gettext(importing.UNKNOWN_VULNERABILITY)
        codes = joined(Vulnerability.values)
    assert reason != importing.UNKNOWN_VULNERABILITY
    assert heading in arabic
    assert reason % {"codes": codes} in arabic


def test_the_command_line_reports_the_line_and_writes_nothing(
    officer_afg: User, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "partner.csv"
    path.write_text("external_id,given_name,vulnerabilities\nV-1,Farida,widow\n", encoding="utf-8")
    errors = io.StringIO()

    with pytest.raises(CommandError):
        call_command("registry_import", str(path), "--as", officer_afg.email, stderr=errors)

    assert "line 2 vulnerabilities: Not a known vulnerability." in errors.getvalue()
    assert "widow" not in errors.getvalue()
    assert Person.objects.count() == 0


FIRST = (
    "external_id,given_name,vulnerabilities\n"
    'V-1,Farida,"disability,pregnant_lactating"\n'
    "V-2,Gul,female_headed\n"
)


def test_a_reimport_with_the_same_vulnerabilities_changes_nothing(
    officer_afg: User, world: World
) -> None:
    assert _import(officer_afg, world, FIRST).created_rows == 2
    entries = AuditEntry.objects.count()

    again = _import(officer_afg, world, FIRST)
    reordered = _import(
        officer_afg,
        world,
        "external_id,given_name,vulnerabilities\n"
        'V-1,Farida,"Pregnant or lactating; DISABILITY"\n'
        "V-2,Gul,Female-headed household\n",
    )

    for job in (again, reordered):
        assert job.status == "succeeded" and (job.created_rows, job.updated_rows) == (0, 0)
    assert not AuditEntry.objects.filter(action=UPDATED).exists()
    assert AuditEntry.objects.count() == entries + 4  # each job: started, imported
    assert _vulnerabilities()["V-1"] == ["disability", "pregnant_lactating"]


def test_a_reimport_with_other_vulnerabilities_updates_and_audits_them(
    officer_afg: User, world: World
) -> None:
    _import(officer_afg, world, FIRST)
    changed = (
        "external_id,given_name,vulnerabilities\nV-1,Farida,disability\nV-2,Gul,female_headed\n"
    )

    job = _import(officer_afg, world, changed)

    assert job.status == "succeeded" and (job.created_rows, job.updated_rows) == (0, 1)
    farida = Person.objects.get(external_id="V-1")
    assert farida.vulnerabilities == ["disability"]
    entry = AuditEntry.objects.get(action=UPDATED)
    assert entry.object_id == str(farida.pk)
    assert entry.after["vulnerabilities"] == ["disability"]
    assert entry.after["import"] == job.pk
    assert _import(officer_afg, world, changed).updated_rows == 0


def test_a_file_without_the_column_leaves_them_as_they_are(officer_afg: User, world: World) -> None:
    person = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Farida",
        external_id="V-1",
        vulnerabilities=["pregnant_lactating", "disability"],
    )

    job = _import(officer_afg, world, "external_id,given_name\nV-1,Farida\nV-2,Gul\n")
    emptied = _import(officer_afg, world, "external_id,given_name,vulnerabilities\nV-1,Farida,\n")

    assert job.status == "succeeded" and (job.created_rows, job.updated_rows) == (1, 0)
    assert Person.objects.get(external_id="V-2").vulnerabilities == []
    assert emptied.updated_rows == 1
    person.refresh_from_db()
    assert person.vulnerabilities == []


def test_a_column_mapping_may_name_the_field(officer_afg: User, world: World) -> None:
    content = b"id,name,groups\nV-1,Farida,disability|older_person\n"
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="kobo.csv",
        size=len(content),
        mapping=importing.parse_mapping('{"groups": "vulnerabilities"}'),
    )

    assert job.status == "succeeded", job.problems
    assert _vulnerabilities() == {"V-1": ["disability", "older_person"]}


def test_the_import_page_names_the_column_and_its_codes(officer_afg: User) -> None:
    page = client_for(officer_afg).get("/en/registry/imports/").content.decode()

    assert "<code>vulnerabilities</code>" in page
    for code, label in Vulnerability.choices:
        assert f"<code>{code}</code> · {label}" in page

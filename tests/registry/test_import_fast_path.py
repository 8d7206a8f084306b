"""The import's fast path keeps every rule: sealed tokens, the model's validation, one audit."""

from __future__ import annotations

import base64
import gc
import io
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection

from sunbula.core.models import AuditEntry, User
from sunbula.registry import importing, protection, services
from sunbula.registry.models import ImportJob, Person
from sunbula.registry.validation import PersonRow, person_row_problems
from tests.conftest import World
from tests.registry.conftest import Unseal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["Ali", "محمد عبد الرحمن", "x" * 16, "y" * 47, "1984-05-02"])
def test_a_sealed_record_opens_with_the_librarys_own_aesgcm(
    text: str, library_unseal: Unseal
) -> None:
    key = Fernet.generate_key().decode()
    record = {"given_name": text, "family_name": "", "phone": "+93 700 123 456"}
    sealed = protection.Sealer([key]).seal(record)
    assert library_unseal(key, sealed) == {"given_name": text, "phone": "+93 700 123 456"}


def test_each_sealed_record_has_its_own_random_nonce() -> None:
    sealer = protection.Sealer()
    tokens = [sealer.seal({"given_name": "Ali"}) for _ in range(50)]
    nonces = {base64.urlsafe_b64decode(token)[5:17] for token in tokens}
    assert len(nonces) == len(tokens)
    assert all(protection.unseal(token) == {"given_name": "Ali"} for token in tokens)


def test_a_record_without_personal_data_stays_empty() -> None:
    assert protection.Sealer().seal({"given_name": "", "phone": ""}) == ""
    assert protection.unseal("") == {}


def test_a_changed_token_is_refused() -> None:
    raw = bytearray(base64.urlsafe_b64decode(protection.seal({"given_name": "Ali"})))
    raw[-1] ^= 1
    with pytest.raises(ImproperlyConfigured):
        protection.unseal(base64.urlsafe_b64encode(bytes(raw)).decode())


def test_a_key_that_is_not_a_fernet_key_is_refused() -> None:
    with pytest.raises(ValueError, match="Fernet key"):
        protection.Sealer([base64.urlsafe_b64encode(b"k" * 48).decode()])


def test_the_sealer_follows_the_keys_in_force(settings: Any, library_unseal: Unseal) -> None:
    new_key = Fernet.generate_key().decode()
    settings.REGISTRY_KEYS = [new_key]
    token = protection.Sealer().seal({"given_name": "Zahra"})
    assert library_unseal(new_key, token) == {"given_name": "Zahra"}
    assert protection.Sealer().lookup_hash("x") == protection.lookup_hash("x")


CASES = [
    {"given_name": ""},
    {"given_name": "A", "sex": "X"},
    {"given_name": "A", "relation_to_head": "cousin"},
    {"given_name": "A", "displacement_status": "nomad"},
    {"given_name": "A", "id_document_type": "licence"},
    {"given_name": "A", "birth_date": "1990-02-30"},
    {"given_name": "A", "birth_date": "2999"},
    {"given_name": "A", "birth_date": "1890"},
    {"given_name": "A", "sex": "F", "birth_date": "1990", "relation_to_head": "head"},
    {"given_name": "A", "vulnerabilities": ["disability", "older_person"]},
    {"given_name": "A", "vulnerabilities": ["disability", "blind"]},
    {"given_name": "A", "vulnerabilities": []},
    # A document's type without its number is refused by the services, not full_clean:
    # test_identity_documents.py checks that rule.
    {
        "given_name": "A",
        "id_document_type": "tazkira",
        "id_number": "1",
        "displacement_status": "idp",
    },
]


@pytest.mark.parametrize("values", CASES)
@pytest.mark.parametrize("external_id", ["E-1", "E" * 101])
def test_plain_validation_agrees_with_full_clean(
    values: dict[str, str], external_id: str, world: World
) -> None:
    problems = person_row_problems(values, external_id=external_id, country=world.afghanistan)
    person = Person(country=world.afghanistan, external_id=external_id, **values)
    try:
        person.full_clean()
    except ValidationError as invalid:
        refused = set(invalid.message_dict)
    else:
        refused = set()
    assert set(problems) == refused


def _import(officer: User, world: World, content: bytes) -> ImportJob:
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="p.csv",
        size=len(content),
    )


def test_a_too_long_external_id_is_reported_with_its_line(officer_afg: User, world: World) -> None:
    job = _import(officer_afg, world, f"external_id,given_name\nA,Ali\n{'E' * 101},Omar\n".encode())
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (3, "external_id")
    ]
    assert Person.objects.count() == 0


def test_the_report_names_the_file_rules_and_the_models_rules_at_once(
    officer_afg: User, world: World
) -> None:
    content = (
        b"external_id,given_name,birth_date,relation_to_head\n"
        b"A,Ali,1990-02-30,\n"  # the model's rule: no such day
        b"B,=HYPERLINK(1),1990,\n"  # the file's rule: a formula
        b"C,Omar,1980,cousin\n"  # the file's rule: not a relation it knows
        b"D,Gul,2999,\n"  # the model's rule: born in the future
    )
    job = _import(officer_afg, world, content)
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (2, "birth_date"),
        (3, "given_name"),
        (4, "relation_to_head"),
        (5, "birth_date"),
    ]
    assert Person.objects.count() == 0


def test_the_service_refuses_rows_against_the_models_rules_with_their_lines(
    officer_afg: User, world: World
) -> None:
    job = services.import_job_start(actor=officer_afg, file_name="p.csv", country=world.afghanistan)
    rows = [
        PersonRow(line=2, external_id="A", values={"given_name": "Ali"}),
        PersonRow(line=3, external_id="B", values={"given_name": "Omar", "sex": "X"}),
        PersonRow(line=4, external_id="C", values={"given_name": ""}),
    ]
    with pytest.raises(ValidationError) as refused:
        services.people_import(actor=officer_afg, job=job, rows=rows)
    assert isinstance(refused.value, services.ImportRowsRefused)
    assert [(line, name) for line, name, _message in refused.value.problems] == [
        (3, "sex"),
        (4, "given_name"),
    ]
    assert refused.value.message_dict["sex"] == [f"3: {refused.value.problems[0][2]}"]
    assert Person.objects.count() == 0


def test_an_import_is_one_audited_write_naming_the_file_and_the_records(
    officer_afg: User, world: World
) -> None:
    content = (
        "external_id,given_name,family_name,phone,birth_date,admin_area\n"
        "K-1,Fatima,Karimi,+93 700 111 222,1990-02-03,AF32\n"
        "K-2,محمد,احمدزی,,1975,AF01\n"
    ).encode()
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="p.csv",
        size=len(content),
    )
    assert job.status == "succeeded" and job.created_rows == 2
    entry = AuditEntry.objects.get(action="registry.importjob.imported")
    ids = sorted(Person.objects.values_list("pk", flat=True))
    named = [pk for first, last in entry.after["created_people"] for pk in range(first, last + 1)]
    assert named == ids
    assert entry.after["rows"] == 2 and len(entry.after["file_sha256"]) == 64
    assert not AuditEntry.objects.filter(action="registry.person.registered").exists()
    fatima = Person.objects.get(external_id="K-1")
    assert fatima.given_name == "Fatima" and fatima.birth_date == "1990-02-03"
    assert fatima.phone_hash == protection.phone_hash("0700111222")
    assert fatima.admin_area is not None and fatima.admin_area.p_code == "AF32"
    mohammad = Person.objects.get(external_id="K-2")
    assert mohammad.given_name_latin and mohammad.name_key
    # the stored bytes are tokens, never the names
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM registry_person WHERE id = %s", [fatima.pk])
        assert "Fatima" not in cursor.fetchone()[0]


def test_a_second_file_updates_known_records_and_adds_new_ones(
    officer_afg: User, world: World
) -> None:
    _import(officer_afg, world, b"external_id,given_name,sex\nA,Ali,M\nB,Omar,M\n")
    again = _import(officer_afg, world, b"external_id,given_name,sex\nA,Ali,M\nB,Omar,F\nC,Gul,F\n")
    assert (again.status, again.created_rows, again.updated_rows) == ("succeeded", 1, 1)
    assert Person.objects.count() == 3 and Person.objects.get(external_id="B").sex == "F"
    assert AuditEntry.objects.filter(action="registry.person.updated").count() == 1
    entry = AuditEntry.objects.filter(action="registry.importjob.imported").latest("id")
    assert entry.after["updated_people"] == [Person.objects.get(external_id="B").pk]


def test_imported_records_move_to_a_new_key(officer_afg: User, world: World, settings: Any) -> None:
    _import(officer_afg, world, "external_id,given_name,phone\nA,محمد,0700 123 456\n".encode())
    new_key = Fernet.generate_key().decode()
    settings.REGISTRY_KEYS = [new_key, *settings.REGISTRY_KEYS]
    call_command("registry_rotate_keys")
    settings.REGISTRY_KEYS = [new_key]
    person = Person.objects.get(external_id="A")
    assert (person.given_name, person.phone) == ("محمد", "0700 123 456")
    assert person.given_name_latin == "Mhmd"


def test_a_csv_with_a_bom_windows_line_ends_and_quoted_cells(
    officer_afg: User, world: World
) -> None:
    content = (
        '\ufeffexternal_id,given_name,family_name\r\nA,"Ali, Jr","Karimi\nAhmadzai"\r\nB,Omar,\r\n'
    ).encode()
    stream = io.BytesIO(content)
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=stream,
        file_name="p.csv",
        size=len(content),
    )
    assert (job.status, job.created_rows) == ("succeeded", 2)
    ali = Person.objects.get(external_id="A")
    assert (ali.given_name, ali.family_name) == ("Ali, Jr", "Karimi\nAhmadzai")
    assert not stream.closed  # the caller's stream is the caller's to close


def test_the_garbage_collector_runs_again_after_an_import(officer_afg: User, world: World) -> None:
    assert gc.isenabled()
    _import(officer_afg, world, b"external_id,given_name\nA,Ali\n")
    assert gc.isenabled()
    _import(officer_afg, world, b"external_id,given_name\nA,=1+1\n")
    assert gc.isenabled()
    gc.disable()  # and a collector switched off elsewhere stays off
    try:
        _import(officer_afg, world, b"external_id,given_name\nB,Omar\n")
        assert not gc.isenabled()
    finally:
        gc.enable()

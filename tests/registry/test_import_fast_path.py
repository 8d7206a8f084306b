"""The import's fast path keeps every rule: Fernet tokens, the model's validation, one audit."""

from __future__ import annotations

import io
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection

from sunbula.core.models import AuditEntry, User
from sunbula.registry import importing, protection
from sunbula.registry.models import Person
from sunbula.registry.validation import person_row_problems
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["Ali", "محمد عبد الرحمن", "x" * 16, "y" * 47, "1984-05-02"])
def test_sealed_values_are_fernet_tokens_of_the_newest_key(text: str) -> None:
    key = Fernet.generate_key()
    sealed = protection.Sealer([key.decode()]).seal_many([text])[0]
    assert Fernet(key).decrypt(sealed.encode()).decode() == text


def test_each_sealed_value_has_its_own_iv() -> None:
    sealer = protection.Sealer()
    one, two = sealer.seal_many(["Ali", "Ali"])
    assert one != two
    assert protection.decrypt(one) == protection.decrypt(two) == "Ali"


def test_the_sealer_follows_the_keys_in_force(settings: Any) -> None:
    new_key = Fernet.generate_key().decode()
    settings.REGISTRY_KEYS = [new_key]
    token = protection.Sealer().seal_many(["Zahra"])[0]
    assert Fernet(new_key.encode()).decrypt(token.encode()) == b"Zahra"
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
    {"given_name": "A", "id_document_type": "tazkira", "displacement_status": "idp"},
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


def test_a_too_long_external_id_is_reported_with_its_line(world: World) -> None:
    content = f"external_id,given_name\nA,Ali\n{'E' * 101},Omar\n".encode()
    checked = importing.check_rows(
        importing.rows_of(io.BytesIO(content), "p.csv", len(content)), country=world.afghanistan
    )
    assert [(problem.line, problem.column) for problem in checked.problems] == [(3, "external_id")]


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
        cursor.execute("SELECT given_name FROM registry_person WHERE id = %s", [fatima.pk])
        assert "Fatima" not in cursor.fetchone()[0]

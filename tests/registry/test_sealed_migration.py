"""An existing install's per-field Fernet tokens become one sealed token per person, and back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sunbula.registry.models import Person
from tests.conftest import World
from tests.registry.conftest import Unseal

pytestmark = pytest.mark.django_db(transaction=True)

FIELD_TOKENS = ("given_name", "family_name", "given_name_latin", "birth_date", "phone")
BEFORE = [("registry", "0003_import_job_file_hash")]
AFTER = [("registry", "0005_person_field_token_columns_removed")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def older_key(settings: Any) -> Iterator[str]:
    """The install's records were encrypted with a key that is now the second one."""
    older = Fernet.generate_key().decode()
    settings.REGISTRY_KEYS = [*settings.REGISTRY_KEYS, older]
    yield older
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app's latest


def test_field_tokens_are_sealed_together_and_back(
    world: World, older_key: str, settings: Any, library_unseal: Unseal
) -> None:
    old_apps = _migrate(BEFORE)
    fernet = Fernet(older_key.encode())
    values = {
        "given_name": "محمد",
        "family_name": "Ahmadzai",
        "given_name_latin": "muhammad",
        "birth_date": "1984-05-02",
        "phone": "+93 700 123 456",
    }
    tokens = {name: fernet.encrypt(value.encode()).decode() for name, value in values.items()}
    stored = old_apps.get_model("registry", "Person").objects.create(
        country_id=world.afghanistan.pk, external_id="OLD-1", father_name="", **tokens
    )

    _migrate(AFTER)
    # Only the token: columns added by later migrations are not there yet.
    person = Person.objects.only("sealed").get(pk=stored.pk)
    assert {name: getattr(person, name) for name in FIELD_TOKENS} == values
    assert person.father_name == "" and person.id_number == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM registry_person WHERE id = %s", [stored.pk])
        token = cursor.fetchone()[0]
    assert library_unseal(settings.REGISTRY_KEYS[0], token) == values

    old_apps = _migrate(BEFORE)
    again = old_apps.get_model("registry", "Person").objects.get(pk=stored.pk)
    newest = Fernet(settings.REGISTRY_KEYS[0].encode())
    assert {
        name: newest.decrypt(getattr(again, name).encode()).decode() for name in values
    } == values
    assert again.father_name == "" and again.id_number == ""

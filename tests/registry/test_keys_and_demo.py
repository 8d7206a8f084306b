"""Key rotation re-seals with the newest key; the demo loads twice without change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from sunbula.core.models import AuditEntry
from sunbula.registry import protection
from sunbula.registry.models import Person
from tests.registry.conftest import People, Unseal

pytestmark = pytest.mark.django_db


def _stored_token(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM registry_person WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_rotation_moves_records_to_the_new_key(
    people: People, settings: Any, library_unseal: Unseal
) -> None:
    old_keys = list(settings.REGISTRY_KEYS)
    before = _stored_token(people.afghan.pk)
    new_key = Fernet.generate_key().decode()
    settings.REGISTRY_KEYS = [new_key, *old_keys]
    call_command("registry_rotate_keys")
    token = _stored_token(people.afghan.pk)
    assert token != before
    assert library_unseal(new_key, token)["given_name"] == "Mohammad"
    settings.REGISTRY_KEYS = [new_key]
    assert Person.objects.get(pk=people.afghan.pk).given_name == "Mohammad"
    found = Person.objects.filter(phone_hash=protection.phone_hash("0700123456"))
    assert list(found) == [people.afghan]
    assert AuditEntry.objects.filter(action="registry.person.keys_rotated").exists()
    settings.REGISTRY_KEYS = old_keys  # the old key alone no longer opens the re-sealed record
    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=people.afghan.pk)


def test_an_older_key_still_opens_its_records_until_rotation(people: People, settings: Any) -> None:
    settings.REGISTRY_KEYS = [Fernet.generate_key().decode(), *settings.REGISTRY_KEYS]
    person = Person.objects.get(pk=people.afghan.pk)
    assert (person.given_name, person.phone) == ("Mohammad", "+93 700 123 456")


def test_without_a_key_personal_data_is_refused(settings: Any, tmp_path: Path) -> None:
    settings.REGISTRY_KEYS = []
    settings.REGISTRY_KEY_FILE = tmp_path / "registry.keys"
    with pytest.raises(ImproperlyConfigured):
        protection.seal({"given_name": "Mohammad"})


def test_a_demo_gets_a_key_file_of_its_own(settings: Any, tmp_path: Path) -> None:
    settings.REGISTRY_KEYS = []
    settings.REGISTRY_KEY_FILE = tmp_path / "registry.keys"
    assert protection.ensure_key_file() is True
    assert protection.ensure_key_file() is False
    assert oct(settings.REGISTRY_KEY_FILE.stat().st_mode & 0o777) == "0o600"
    assert protection.unseal(protection.seal({"given_name": "محمد"})) == {"given_name": "محمد"}


def test_a_key_added_to_the_key_file_is_in_force_without_a_restart(
    settings: Any, tmp_path: Path
) -> None:
    settings.REGISTRY_KEYS = []
    settings.REGISTRY_KEY_FILE = tmp_path / "registry.keys"
    protection.ensure_key_file()
    first = protection.configured_keys()
    sealed_first = protection.seal({"given_name": "Zarina"})
    newer = Fernet.generate_key().decode()
    settings.REGISTRY_KEY_FILE.write_text(f"{newer}\n{first[0]}\n", encoding="utf-8")
    assert protection.configured_keys() == [newer, first[0]]
    assert protection.unseal(sealed_first) == {"given_name": "Zarina"}
    settings.REGISTRY_KEY_FILE.unlink()
    with pytest.raises(ImproperlyConfigured):
        protection.configured_keys()

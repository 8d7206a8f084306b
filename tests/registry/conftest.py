"""Registry fixtures: a few people, set up through the registry's services."""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sunbula.registry import services
from sunbula.registry.models import Person
from tests.conftest import World


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded files waiting for the import worker go to a folder of the test's own."""
    settings.VAR_DIR = tmp_path


Unseal = Callable[[str, str], dict[str, str]]


@pytest.fixture
def library_unseal() -> Unseal:
    """Open a stored token with the library alone: HKDF-SHA256 from the Fernet key, AES-GCM.

    A token is base64url of version (1 byte), key id (4), nonce (12), ciphertext and tag; the
    version and key id are authenticated data. What it holds is a JSON object of the fields.
    """

    def unseal(fernet_key: str, token: str) -> dict[str, str]:
        derived = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"sunbula registry: person record, AES-256-GCM",
        ).derive(base64.urlsafe_b64decode(fernet_key))
        raw = base64.urlsafe_b64decode(token)
        values: dict[str, str] = json.loads(AESGCM(derived).decrypt(raw[5:17], raw[17:], raw[:5]))
        return values

    return unseal


@dataclass
class People:
    afghan: Person
    kazakh: Person


@pytest.fixture
def people(world: World) -> People:
    afghan = services.person_register(
        actor=None,
        country=world.afghanistan,
        external_id="KOBO-1",
        given_name="Mohammad",
        family_name="Ahmadzai",
        father_name="Gulbuddin",
        sex="M",
        birth_date="1984-05-02",
        phone="+93 700 123 456",
        id_document_type="tazkira",
        id_number="1400-0101-98765",
        admin_area=world.hirat,
    )
    services.consent_record(
        actor=None,
        person=afghan,
        purpose="registration",
        given_on=datetime.date(2024, 1, 1),
        method="thumbprint",
    )
    kazakh = services.person_register(
        actor=None, country=world.kazakhstan, given_name="Aigerim", birth_date="1990"
    )
    return People(afghan, kazakh)


SECRETS = ("Mohammad", "Ahmadzai", "Gulbuddin", "1984-05-02", "700 123 456", "98765")

"""Personal data at rest: encryption with keys from the environment, keyed hashes, masking.

A person's protected fields are sealed together as one AES-256-GCM token, with a key derived
(HKDF) from the newest configured key. Keys come from settings.REGISTRY_KEYS
(`SUNBULA_REGISTRY_KEYS`: comma-separated Fernet keys, newest first) or else from
var/registry.keys, which `sunbula setup` and the demo create with a fresh random key
(`ensure_key_file()`). Older keys still
open their tokens; `sunbula registry_rotate_keys` re-seals every record with the newest one.
With no key at all, reading or writing personal data is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from sunbula.core.figures import latin_digits
from sunbula.core.privacy import personal_data_read

KEYS_SETTING = "SUNBULA_REGISTRY_KEYS"
MASK = "•••"


def configured_keys() -> list[str]:
    """The keys in force, newest first."""
    keys = list(settings.REGISTRY_KEYS)
    if not keys:
        keys = list(_keys_in_file(settings.REGISTRY_KEY_FILE))
    keys = [key for key in keys if key]
    if keys:
        return keys
    raise ImproperlyConfigured(
        f"Set {KEYS_SETTING}, or run `sunbula setup`, which writes a key to "
        f"{settings.REGISTRY_KEY_FILE}, to encrypt the registry's personal data."
    )


def _keys_in_file(path: str | Path) -> tuple[str, ...]:
    """The lines of the key file, read again only when the file changes (every sealed
    value a page shows asks for the keys)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return ()
    return _read_key_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_key_file(path: str, _modified: int, _size: int) -> tuple[str, ...]:
    text = Path(path).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines())


def ensure_key_file() -> bool:
    """Give an office without configured keys (`sunbula setup`, the demo) a random key of its
    own in REGISTRY_KEY_FILE, readable by its owner only; True if one was made."""
    key_file = Path(settings.REGISTRY_KEY_FILE)
    if settings.REGISTRY_KEYS or key_file.exists():
        return False
    key_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")
    return True


# A token: version, the id of the key that sealed it, a random 96-bit nonce, the AES-GCM
# ciphertext and tag; version and key id are authenticated with it. All base64url.
SEALED_VERSION = b"\x01"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
HEADER_BYTES = len(SEALED_VERSION) + KEY_ID_BYTES
# What a token holds: a JSON object of plain strings (no cycles to check for).
RECORD_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


@dataclass(frozen=True)
class SealingKey:
    """An AES-256-GCM key derived with HKDF-SHA256 from one configured Fernet key."""

    key_id: bytes
    aead: AESGCM

    def seal(self, plain: bytes) -> str:
        header = SEALED_VERSION + self.key_id
        nonce = os.urandom(NONCE_BYTES)
        return base64.urlsafe_b64encode(
            header + nonce + self.aead.encrypt(nonce, plain, header)
        ).decode()


def _hkdf(secret: bytes, purpose: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(secret)


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> tuple[SealingKey, ...]:
    ring = []
    for key in keys:
        try:
            secret = base64.urlsafe_b64decode(key)
        except ValueError:
            secret = b""
        if len(secret) != 32:
            raise ValueError("Fernet key must be 32 url-safe base64-encoded bytes.")
        ring.append(
            SealingKey(
                key_id=_hkdf(secret, b"sunbula registry: key id", KEY_ID_BYTES),
                aead=AESGCM(_hkdf(secret, b"sunbula registry: person record, AES-256-GCM", 32)),
            )
        )
    return tuple(ring)


@lru_cache(maxsize=8)
def _hash_key(newest: str) -> bytes:
    # A key of its own for look-up hashes, derived so that one secret is enough to configure.
    return hmac.new(newest.encode(), b"sunbula-registry-lookup-hash", hashlib.sha256).digest()


def keyring() -> tuple[SealingKey, ...]:
    """The sealing keys in force, newest first."""
    return _keyring(tuple(configured_keys()))


def seal(values: Mapping[str, str]) -> str:
    """One token for a person's protected fields, with the newest key ('' for none)."""
    return Sealer().seal(values) if any(values.values()) else ""


def unseal(token: str) -> dict[str, str]:
    """The protected fields a token holds, opened with whichever configured key sealed it."""
    if not token:
        return {}
    personal_data_read()
    try:
        sealed = base64.urlsafe_b64decode(token)
    except ValueError:
        sealed = b""
    header, nonce = sealed[:HEADER_BYTES], sealed[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
    if header[:1] == SEALED_VERSION:
        for key in keyring():
            if key.key_id != header[1:]:
                continue
            try:
                plain = key.aead.decrypt(nonce, sealed[HEADER_BYTES + NONCE_BYTES :], header)
            except InvalidTag:
                continue  # another key with the same short id
            values: dict[str, str] = json.loads(plain)
            return values
    raise ImproperlyConfigured(
        f"A registry record cannot be decrypted with the keys in {KEYS_SETTING}."
    )


def phone_digits(phone: str) -> str:
    """A phone number's digits written 0-9, however they were typed: a phone keyboard in
    Dari or Arabic types ۰۷۰۰ or ٠٧٠٠ for 0700."""
    return re.sub(r"[^0-9]", "", latin_digits(phone))


def normalise_phone(phone: str) -> str:
    """Digits only, without the international prefix, so +93 70… and 070… hash alike."""
    digits = phone_digits(phone)
    return digits[-9:] if len(digits) >= 9 else digits


def normalise_id_number(number: str) -> str:
    return "".join(filter(str.isalnum, number.upper()))


def lookup_hash(value: str) -> str:
    """A keyed hash for exact look-up; empty for an empty value."""
    if not value:
        return ""
    key = _hash_key(configured_keys()[0])
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    return lookup_hash("phone:" + normalise_phone(phone)) if normalise_phone(phone) else ""


def id_number_hash(number: str) -> str:
    normalised = normalise_id_number(number)
    return lookup_hash("id:" + normalised) if normalised else ""


class Sealer:
    """The newest key, resolved once, for sealing many records (an import of a whole file)."""

    def __init__(self, keys: Sequence[str] | None = None) -> None:
        in_force = tuple(keys) if keys else tuple(configured_keys())
        self._key = _keyring(in_force)[0]
        self._hash = crypto_hmac.HMAC(_hash_key(in_force[0]), hashes.SHA256())

    def seal(self, values: Mapping[str, str]) -> str:
        """One AES-GCM token for all the non-empty values; none at all stays empty."""
        present = {name: value for name, value in values.items() if value}
        if not present:
            return ""
        return self._key.seal(RECORD_JSON.encode(present).encode())

    def lookup_hash(self, value: str) -> str:
        if not value:
            return ""
        keyed = self._hash.copy()
        keyed.update(value.encode())
        return keyed.finalize().hex()

    def phone_hash(self, phone: str) -> str:
        normalised = normalise_phone(phone)
        return self.lookup_hash("phone:" + normalised) if normalised else ""

    def id_number_hash(self, number: str) -> str:
        normalised = normalise_id_number(number)
        return self.lookup_hash("id:" + normalised) if normalised else ""


def mask_name(name: str) -> str:
    return f"{name[:1]}{MASK}" if name else ""


def mask(value: str) -> str:
    return MASK if value else ""


class SealedField(models.Field):  # type: ignore[type-arg]
    """A person's protected fields as one token in one column; the model sees a dict of them."""

    _pyi_private_set_type: Mapping[str, str]
    _pyi_private_get_type: dict[str, str]

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> dict[str, str]:
        return unseal(value or "")

    def to_python(self, value: Any) -> dict[str, str]:
        return dict(value) if isinstance(value, Mapping) else unseal(value or "")

    def get_prep_value(self, value: Any) -> str:
        return seal(value or {})

    def value_to_string(self, obj: Any) -> str:
        return self.get_prep_value(self.value_from_object(obj))


class SealedPart(models.TextField):  # type: ignore[type-arg]
    """One protected field, kept inside the record's sealed token: a field without a column.

    Forms, validation and the model's constructor treat it as any text field; reading and
    writing it reads and writes the model's `sealed` dict.
    """

    def get_attname_column(self) -> tuple[str, None]:
        return self.get_attname(), None

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=True)
        setattr(cls, name, _PartDescriptor(name))


class _PartDescriptor:
    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        return instance.sealed.get(self.name, "")

    def __set__(self, instance: Any, value: Any) -> None:
        # A new dict each time: a copied instance never shares a change with its original.
        instance.sealed = {**instance.sealed, self.name: "" if value is None else str(value)}

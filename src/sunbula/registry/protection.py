"""Personal data at rest: encryption with keys from the environment, keyed hashes, masking.

Keys come from settings.REGISTRY_KEYS (`SUNBULA_REGISTRY_KEYS`: comma-separated Fernet keys,
newest first) or, for a demo, from var/registry.keys, which `ensure_demo_key()` creates with a
fresh random key. Older keys still decrypt; `sunbula registry_rotate_keys` re-encrypts every
record with the newest one. With no key at all, reading or writing personal data is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from binascii import b2a_base64
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

KEYS_SETTING = "SUNBULA_REGISTRY_KEYS"
MASK = "•••"


def configured_keys() -> list[str]:
    """The keys in force, newest first."""
    keys = list(settings.REGISTRY_KEYS)
    key_file = Path(settings.REGISTRY_KEY_FILE)
    if not keys and key_file.exists():
        keys = [line.strip() for line in key_file.read_text(encoding="utf-8").splitlines()]
    keys = [key for key in keys if key]
    if keys:
        return keys
    raise ImproperlyConfigured(
        f"Set {KEYS_SETTING} or {KEYS_SETTING}_FILE to encrypt the registry's personal data."
    )


def ensure_demo_key() -> bool:
    """Give a demo without configured keys a random key of its own; True if one was made."""
    key_file = Path(settings.REGISTRY_KEY_FILE)
    if settings.REGISTRY_KEYS or key_file.exists():
        return False
    key_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")
    return True


@lru_cache(maxsize=1)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


@lru_cache(maxsize=1)
def _hash_key(newest: str) -> bytes:
    # A key of its own for look-up hashes, derived so that one secret is enough to configure.
    return hmac.new(newest.encode(), b"sunbula-registry-lookup-hash", hashlib.sha256).digest()


def cipher() -> MultiFernet:
    return _cipher(tuple(configured_keys()))


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as invalid:
        raise ImproperlyConfigured(
            f"A registry record cannot be decrypted with the keys in {KEYS_SETTING}."
        ) from invalid


def rotate(token: str) -> str:
    """The same secret, encrypted with the newest key."""
    return cipher().rotate(token.encode()).decode() if token else ""


def normalise_phone(phone: str) -> str:
    """Digits only, without the international prefix, so +93 70… and 070… hash alike."""
    digits = "".join(filter(str.isdigit, phone))
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


# PKCS7 padding, as Fernet pads: what a value of length n gets appended is PADDING[n % 16].
PADDING = tuple(bytes((16 - filled,)) * (16 - filled) for filled in range(16))
URL_SAFE = bytes.maketrans(b"+/", b"-_")


class Sealer:
    """The newest key, resolved once, for sealing many values (an import of a whole file).

    What it makes are Fernet tokens that any Fernet reads: version, time, a random IV of
    their own, AES-128-CBC with PKCS7 padding, HMAC-SHA256. Only the work around them is
    done once per batch instead of once per value.
    """

    def __init__(self, keys: Sequence[str] | None = None) -> None:
        newest = (list(keys) if keys else configured_keys())[0]
        key = base64.urlsafe_b64decode(newest)
        if len(key) != 32:
            raise ValueError("Fernet key must be 32 url-safe base64-encoded bytes.")
        self._signing = crypto_hmac.HMAC(key[:16], hashes.SHA256())
        self._aes = algorithms.AES(key[16:])
        self._hash = crypto_hmac.HMAC(_hash_key(newest), hashes.SHA256())

    def seal_many(self, values: Sequence[str]) -> list[str]:
        """One Fernet token per value (an empty value stays empty), each with its own IV.

        Building a cipher per value costs more than encrypting it, so one AES-CBC pass
        encrypts the whole batch, each value preceded by 16 random bytes. CBC turns those into
        a block no one can predict, E(random XOR previous block), and then encrypts the value
        with that block as its IV: the pass yields each token's IV and ciphertext, one token
        after the other. Encrypting a fresh nonce is how NIST SP 800-38A (appendix C) makes
        CBC IVs; Fernet draws 16 random bytes instead. Both are uniformly random.
        """
        header = b"\x80" + int(time.time()).to_bytes(8, "big")
        plains = [value.encode() for value in values]
        nonces = os.urandom(16 * len(plains))
        stream = Cipher(self._aes, modes.CBC(bytes(16))).encryptor()
        encrypted = stream.update(
            b"".join(
                [
                    nonces[16 * index : 16 * index + 16] + plain + PADDING[len(plain) % 16]
                    for index, plain in enumerate(plains)
                    if plain
                ]
            )
        )
        stream.finalize()  # whole blocks only: nothing is left over
        sealed = []
        start = 0
        for plain in plains:
            if not plain:
                sealed.append("")
                continue
            end = start + 32 + len(plain) // 16 * 16  # IV and the padded ciphertext
            signed = header + encrypted[start:end]
            start = end
            mac = self._signing.copy()
            mac.update(signed)
            token = b2a_base64(signed + mac.finalize(), newline=False)  # base64.urlsafe_b64encode
            sealed.append(token.translate(URL_SAFE).decode())  # without its two wrappers
        return sealed

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


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token; the model sees plain text."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        return decrypt(value or "")

    def get_prep_value(self, value: Any) -> str:
        return encrypt(str(value or ""))

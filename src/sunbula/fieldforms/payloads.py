"""What is kept of what devices send: payloads sealed like personal data, and only the
digest of a device token or a shared secret."""

from __future__ import annotations

import hashlib
import json

from sunbula.fieldforms.models import Submission
from sunbula.fieldforms.xforms import Values
from sunbula.registry import protection
from sunbula.registry.services import PERSONAL_FIELDS


def token_digest(token: str) -> str:
    """What is stored of a device token or a shared secret: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def seal_payload(payload: bytes, values: Values) -> str:
    return protection.seal(
        {
            "payload": payload.decode("utf-8", "replace"),
            "values": json.dumps(values, ensure_ascii=False),
        }
    )


def submission_values(submission: Submission) -> Values:
    """The values a submission carried (or was corrected to)."""
    values: Values = json.loads(protection.unseal(submission.sealed).get("values") or "{}")
    return values


def holds_personal(values: Values) -> bool:
    """Whether the values (or a repeat's rows) name a personal field: one a reader without
    protection clearance sees masked and may not correct."""
    rows = [values, *(row for value in values.values() if isinstance(value, list) for row in value)]
    return any(name in PERSONAL_FIELDS for row in rows if isinstance(row, dict) for name in row)

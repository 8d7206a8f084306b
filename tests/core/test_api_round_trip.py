"""What the API answers can be sent back: for each kind of record it lets a person change, the
first record read and sent back unchanged as a PATCH is taken (200, recording no change), or refused for who is
asking (403) or by a rule of the domain (409: a frozen list, a closed waybill), never answered
400 about a value the API itself wrote. A person's card read masked is the one exception: its
masked fields are refused by name, and the person keeps their data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from sunbula.core.audit import READING_VERBS
from sunbula.core.models import AuditEntry, User
from sunbula.registry.services import PERSONAL_FIELDS
from tests.conftest import client_for

PERSONAS = (
    "admin@sunbula.example",
    "officer.afg@sunbula.example",
    "logistics.afg@sunbula.example",
    "events@sunbula.example",
    "policy@sunbula.example",
    "protection.afg@sunbula.example",
    "officer.kaz@sunbula.example",
    "me.officer@sunbula.example",
    "donor.kaz@sunbula.example",
    "focal.afg@sunbula.example",
)


class _Undo(Exception):
    """Raised to roll back what a PATCH changed."""


def _patched(client: Client, url: str, body: dict[str, Any]) -> tuple[int, Any, list[str]]:
    """The PATCH's status and answer, and the changes it recorded (readings aside)."""
    answer: tuple[int, Any, list[str]] = (0, None, [])
    try:
        with transaction.atomic():
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.patch(url, body, content_type="application/json")
            recorded = [
                f"{entry.action} {entry.before} -> {entry.after}"
                for entry in AuditEntry.objects.filter(pk__gt=last).order_by("pk")
                if not entry.action.endswith(READING_VERBS)
            ]
            answer = (response.status_code, response.json(), recorded)
            raise _Undo
    except _Undo:
        pass
    return answer


def _first_records(client: Client) -> list[str]:
    """The address of the first record of each list the API root names that the caller reads."""
    addresses = []
    for address in client.get("/api/v1/").json().values():
        listed = client.get(address)
        if listed.status_code != 200:
            continue
        rows = listed.json().get("results") if isinstance(listed.json(), dict) else None
        if rows and isinstance(rows[0], dict) and "id" in rows[0]:
            addresses.append(f"{address.removeprefix('http://testserver')}{rows[0]['id']}/")
    return addresses


@pytest.mark.parametrize("email", PERSONAS)
def test_a_record_read_from_the_api_is_taken_back_unchanged(demo: None, email: str) -> None:
    client = client_for(User.objects.get(email=email))
    refused = []
    patched = 0
    for url in _first_records(client):
        if "PATCH" not in client.options(url).get("Allow", ""):
            continue
        read = client.get(url).json()
        status, answer, recorded = _patched(client, url, read)
        patched += 1
        if status == 200 and recorded:
            refused.append(f"{url} sent back unchanged recorded a change: {recorded}")
        if read.get("masked") and status == 400:
            masked = {name for name in PERSONAL_FIELDS if "•••" in str(read.get(name, ""))}
            if set(answer) == masked:
                continue
        if status not in (200, 403, 409):
            refused.append(f"{url} answers {status}: {answer}")
    assert patched >= 5
    assert refused == [], "\n".join(refused)

"""A cycle's page says what it planned, handed over and has left to hand over; entitlements
awaiting their second reviewer are planned, not yet left, and the page says so."""

from __future__ import annotations

import re

import pytest

from sunbula.assistance import services
from sunbula.core.models import User
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db


def _left(html: str) -> str:
    cell = re.search(r'<td data-figure="left">(.*?)</td>', html, re.S)
    assert cell is not None
    return re.sub(r"<[^>]+>|[\u2068\u2069]", "", cell.group(1)).replace("\xa0", " ").strip()


def test_entitlements_awaiting_approval_are_named_beside_what_is_left(
    field: Field, admin: User
) -> None:
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    services.entitlements_compute(actor=None, cycle=field.cycle)
    page = client_for(admin).get(field.cycle.get_absolute_url()).content.decode()
    planned = re.search(r'<td data-figure="planned">(.*?)</td>', page, re.S)
    assert planned is not None
    planned_text = re.sub(r"<[^>]+>|[\u2068\u2069]", "", planned.group(1)).replace("\xa0", " ")
    assert _left(page) == f"0 kg and {planned_text} awaiting approval"
    services.entitlements_approve(actor=None, cycle=field.cycle)
    page = client_for(admin).get(field.cycle.get_absolute_url()).content.decode()
    assert _left(page) == planned_text

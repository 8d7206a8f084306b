"""A database holding reference data only, as `sunbula setup` leaves it, for journeys that
then do everything through the pages."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sunbula.core.models import User

ADMIN_EMAIL = "first.admin@example.org"
ADMIN_PASSWORD = "sunbula-first-admin"


def set_up(monkeypatch: pytest.MonkeyPatch) -> User:
    monkeypatch.setenv("SUNBULA_ADMIN_PASSWORD", ADMIN_PASSWORD)
    call_command("setup", countries="AFG", admin_email=ADMIN_EMAIL, no_input=True, verbosity=0)
    return User.objects.get(email=ADMIN_EMAIL)

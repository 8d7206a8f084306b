"""`sunbula setup` starts a new office from nothing: reference data only, no demo record, and
the first administrator; running it again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sunbula.core.models import (
    AdminArea,
    AuditEntry,
    Country,
    Currency,
    ExchangeRate,
    MemberState,
    Organisation,
    Role,
    RoleAssignment,
    Site,
    User,
)
from sunbula.funding.models import Pledge
from sunbula.programmes.models import Programme
from sunbula.registry import protection
from sunbula.supply.models import Commodity

pytestmark = pytest.mark.django_db(transaction=True)


def test_setup_loads_reference_data_only_and_the_first_administrator(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("SUNBULA_ADMIN_PASSWORD", "first-admin-of-the-office")
    arguments = {"countries": "AFG,KAZ", "admin_email": "Head@Example.org", "no_input": True}
    call_command("setup", **arguments)
    assert Country.objects.count() > 240
    assert MemberState.objects.count() == 57
    assert AdminArea.objects.filter(country__iso3="AFG").count() >= 34
    assert Currency.objects.filter(code__in=["KZT", "AFN", "SAR", "USD"]).count() == 4
    # Only rates fixed by law; market rates are recorded by the office.
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {"Fixed peg"}
    assert Commodity.objects.filter(code="WHEAT-FLOUR").exists()
    assert not Pledge.objects.exists() and not Programme.objects.exists()
    assert not Site.objects.exists()
    assert not ExchangeRate.objects.filter(is_illustrative=True).exists()
    assert list(Organisation.objects.values_list("acronym", flat=True)) == ["IOFS"]
    assert Organisation.objects.get().name_translations["ar"] == "المنظمة الإسلامية للأمن الغذائي"
    admin = User.objects.get()
    assert (admin.email, admin.is_staff) == ("head@example.org", True)
    assert admin.check_password("first-admin-of-the-office")
    assignment = RoleAssignment.objects.get(user=admin)
    assert assignment.role == Role.ADMINISTRATOR and not assignment.countries.exists()
    assert "No admin areas ship with Sunbula for KAZ" in capsys.readouterr().err

    entries = AuditEntry.objects.count()
    call_command("setup", **arguments)
    assert AuditEntry.objects.count() == entries
    assert User.objects.count() == 1


def test_setup_refuses_an_unknown_country_and_a_weak_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(CommandError, match="XYZ"):
        call_command("setup", countries="XYZ")
    monkeypatch.setenv("SUNBULA_ADMIN_PASSWORD", "12345678901")
    with pytest.raises(CommandError, match="numeric"):
        call_command("setup", admin_email="head@example.org", no_input=True)
    assert not User.objects.exists()


def test_setup_gives_a_new_office_a_registry_key_and_its_static_files(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.REGISTRY_KEYS = []
    settings.REGISTRY_KEY_FILE = tmp_path / "registry.keys"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("setup")
    assert len(protection.configured_keys()) == 1
    assert (tmp_path / "static" / "core" / "sunbula.css").exists()
    assert "Keep a copy" in capsys.readouterr().out
    key = settings.REGISTRY_KEY_FILE.read_text()
    call_command("setup")
    assert settings.REGISTRY_KEY_FILE.read_text() == key

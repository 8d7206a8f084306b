"""The `sunbula` command and the demo data: a fresh database, and again changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sunbula.core.demo import PERSONAS, load_demo
from sunbula.core.models import AdminArea, AuditEntry, MemberState, Organisation, Site, User

SUNBULA = [sys.executable, "-m", "sunbula"]


def _run(*arguments: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["SUNBULA_VAR_DIR"] = str(var_dir)
    return subprocess.run(  # noqa: S603 — our own command
        [*SUNBULA, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = _run("--help", var_dir=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "serve", "migrate", "--no-serve", "--port"):
        assert command in result.stdout


def test_demo_no_serve_on_a_fresh_database_and_again(tmp_path: Path) -> None:
    first = _run("demo", "--no-serve", var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "officer.afg@sunbula.example" in first.stdout
    assert "password" in first.stdout
    assert (tmp_path / "sunbula.sqlite3").exists()
    second = _run("demo", "--no-serve", var_dir=tmp_path)
    assert second.returncode == 0, second.stderr


@pytest.mark.django_db
def test_demo_loads_the_seed_facts_and_twice_changes_nothing(demo: None) -> None:
    entries = AuditEntry.objects.count()
    load_demo(log=lambda _line: None)
    assert AuditEntry.objects.count() == entries

    assert MemberState.objects.count() == 57
    assert MemberState.objects.get(country__iso3="SYR").oic_status == "suspended"
    provinces = AdminArea.objects.filter(country__iso3="AFG", level=1)
    assert provinces.count() == 34
    assert {
        area.p_code: area.iso_3166_2
        for area in provinces.filter(p_code__in=["AF01", "AF05", "AF27", "AF32"])
    } == {"AF01": "AF-KAB", "AF05": "AF-LOG", "AF27": "AF-KAN", "AF32": "AF-HER"}
    assert Organisation.objects.get(acronym="WFP").iati_identifier == "XM-DAC-41140"
    assert Organisation.objects.get(acronym="IOM").iati_identifier == "XM-DAC-47066"
    assert Organisation.objects.get(acronym="IOFS").parent == Organisation.objects.get(
        acronym="OIC"
    )
    assert {"TIKA", "CICA", "IFPA", "COMCEC", "UNAMA", "UNODC", "FAO", "UN Women"} <= set(
        Organisation.objects.values_list("acronym", flat=True)
    )
    assert Site.objects.filter(kind="treatment_centre").count() == 3
    assert not Site.objects.filter(kind="treatment_centre", is_illustrative=False).exists()
    assert set(User.objects.values_list("email", flat=True)) >= {email for email, *_ in PERSONAS}
    officer = User.objects.get(email="officer.afg@sunbula.example")
    assert officer.check_password("harvest-2026")


def test_a_two_word_command_runs_the_joined_management_command(tmp_path: Path) -> None:
    result = _run("registry", "dedupe", "--help", var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "registry_dedupe" in result.stdout and "--country" in result.stdout

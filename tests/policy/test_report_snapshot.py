"""Reports come from a dated snapshot of published profiles only, and are reproducible."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from sunbula.policy.report import render_report_html, render_report_pdf
from tests.conftest import World
from tests.policy.conftest import draft_profile

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def _countries(snapshot_content: dict[str, object]) -> list[str]:
    return [country["iso3"] for country in snapshot_content["countries"]]  # type: ignore[attr-defined, index]


def test_unpublished_profiles_never_reach_a_report(
    world: World, analyst: User, focal_kaz: User, afghan_published: PolicyProfile
) -> None:
    kazakh = draft_profile(world, analyst, "kazakhstan")
    today = timezone.localdate()
    # Draft, then submitted, then validated: never in the snapshot.
    assert _countries(services.report_snapshot_take(actor=analyst, taken_on=today).content) == [
        "AFG"
    ]
    services.profile_submit(actor=analyst, profile=kazakh)
    assert _countries(services.report_snapshot_take(actor=analyst, taken_on=today).content) == [
        "AFG"
    ]
    services.profile_validate(actor=focal_kaz, profile=kazakh)
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=today)
    assert _countries(snapshot.content) == ["AFG"]
    assert "Kazakhstan" not in render_report_html(snapshot.content, "en")
    # Reopened for changes: out of the next report too.
    services.profile_reopen(actor=analyst, profile=afghan_published)
    assert _countries(services.report_snapshot_take(actor=analyst, taken_on=today).content) == []


def test_a_snapshot_before_publication_leaves_the_profile_out(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert (
        _countries(services.report_snapshot_take(actor=analyst, taken_on=yesterday).content) == []
    )


def test_one_snapshot_builds_the_same_report_twice(
    world: World, analyst: User, afghan_published: PolicyProfile, tmp_path: object
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    # Later changes to the live profile do not touch a report built from the snapshot.
    services.profile_reopen(actor=analyst, profile=afghan_published)
    services.strategy_add(
        actor=analyst,
        profile=afghan_published,
        name="Added later",
        start_year=2025,
        end_year=2026,
        status="drafted",
    )
    for language in ("en", "ar", "fr", "ru"):
        first = render_report_html(snapshot.content, language)
        assert first == render_report_html(snapshot.content, language)
        assert "Added later" not in first
    pdfs = [render_report_pdf(snapshot.content, "fr") for _ in range(2)]
    texts = []
    for index, pdf in enumerate(pdfs):
        path = tmp_path / f"report-{index}.pdf"  # type: ignore[operator]
        path.write_bytes(pdf)
        texts.append(
            subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
                [PDFTOTEXT, str(path), "-"], capture_output=True, check=True
            ).stdout
        )
    assert texts[0] == texts[1]
    assert b"Analyse des politiques" in texts[0]
    assert pdfs[0] == pdfs[1]


def test_the_fingerprint_names_the_content(analyst: User, afghan_published: PolicyProfile) -> None:
    today = timezone.localdate()
    first = services.report_snapshot_take(actor=analyst, taken_on=today)
    second = services.report_snapshot_take(actor=analyst, taken_on=today)
    assert first.content_sha256 == second.content_sha256
    services.profile_reopen(actor=analyst, profile=afghan_published)
    assert (
        services.report_snapshot_take(actor=analyst, taken_on=today).content_sha256
        != first.content_sha256
    )

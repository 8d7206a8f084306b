"""A report's kept files give its dates as its requester's pages do: an Arabic report asked for
by an officer whose every role is in Afghanistan gives the Solar Hijri date beside the
Gregorian, as read when it was asked for; a report asked for by anyone else, the Gregorian
date alone."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from sunbula.core import figures
from sunbula.core import services as core_services
from sunbula.core.models import Role, User
from sunbula.core.worker import run_pending
from sunbula.funding.models import Pledge
from sunbula.reports import tasks
from sunbula.reports.models import ReportRun
from tests.conftest import World, client_for
from tests.reports.kazakh_flour import kazakh_flour

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def flour(world: World) -> Pledge:
    return kazakh_flour(world)


def _in_arabic(pledge: Pledge) -> tuple[str, str]:
    """The pledge's date in Arabic, and the Solar Hijri date an Afghanistan officer sees."""
    with translation.override("ar"):
        gregorian = figures.isolated(figures.date_text(pledge.pledged_on))
        solar = figures.isolated(figures.solar_hijri_text(pledge.pledged_on))
    return gregorian, f"{gregorian} ({solar})"


def _kept_arabic_report(user: User, flour: Pledge) -> ReportRun:
    return tasks.queue_report(
        actor=user, kind="donor", language="ar", donor=flour.donor, pledge=flour
    )


def _made(run: ReportRun) -> tuple[str, str]:
    """The run made by the worker: its kept HTML, and the text of its PDF."""
    assert run_pending() == 1
    run.refresh_from_db()
    html, pdf = tasks.stored_path(run, "html"), tasks.stored_path(run, "pdf")
    assert html is not None and pdf is not None
    text = subprocess.run(  # noqa: S603 (fixed poppler tool on our own file)
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return html.read_text(encoding="utf-8"), unicodedata.normalize("NFKC", text)


def _grant_kazakhstan(world: World, user: User) -> None:
    core_services.role_grant(
        actor=None,
        user=user,
        role=Role.ME_OFFICER,
        organisation=world.iofs,
        countries=[world.kazakhstan],
    )


def test_an_afghanistan_officers_arabic_report_reads_as_their_pages(
    officer_afg: User, flour: Pledge
) -> None:
    _gregorian, with_solar = _in_arabic(flour)
    page = client_for(officer_afg).get(f"/ar/funding/pledges/{flour.pk}/").content.decode()
    assert with_solar in page

    html, pdf_text = _made(_kept_arabic_report(officer_afg, flour))

    assert with_solar in html
    assert "1401" in pdf_text  # 1 February 2023 is 12 Dalw 1401


def test_the_dates_follow_the_roles_held_when_the_report_was_asked_for(
    world: World, officer_afg: User, flour: Pledge
) -> None:
    run = _kept_arabic_report(officer_afg, flour)
    _grant_kazakhstan(world, officer_afg)  # before the worker takes the run

    html, _pdf_text = _made(run)

    assert _in_arabic(flour)[1] in html


def test_an_officer_beyond_afghanistan_gets_the_gregorian_date_alone(
    world: World, officer_afg: User, flour: Pledge
) -> None:
    _grant_kazakhstan(world, officer_afg)
    gregorian, with_solar = _in_arabic(flour)

    html, pdf_text = _made(_kept_arabic_report(officer_afg, flour))

    assert gregorian in html
    assert with_solar not in html
    assert "1401" not in pdf_text

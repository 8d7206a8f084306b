"""The governing-body report on the demo: contributions by member state, activities by country
and trainings with their participants agree with the records they come from, in four languages."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Q, Sum
from django.utils import timezone, translation

from sunbula.assistance.models import Beneficiary, Distribution
from sunbula.core import figures
from sunbula.core.models import MemberState, Organisation
from sunbula.funding.models import Payment, Pledge
from sunbula.learning.models import Attendance, Event, Registration
from sunbula.programmes.models import GoverningBodyDecision, Project
from sunbula.reports.document import render_html, render_pdf
from sunbula.reports.governing import GoverningReport, governing_report
from tests.pdf_pictures import first_page_colours
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
ZERO = Decimal(0)


def _report(demo: FlourDemo, year: int) -> GoverningReport:
    return governing_report(user=demo.director, year=year, data_as_of=timezone.now())


def test_contributions_are_grouped_by_member_state(flour_demo: FlourDemo) -> None:
    members = set(MemberState.objects.values_list("country_id", flat=True))
    pledged: dict[str, Decimal] = defaultdict(Decimal)
    in_kind: dict[str, Decimal] = defaultdict(Decimal)
    others: dict[str, Decimal] = defaultdict(Decimal)
    for pledge in Pledge.objects.filter(budget_year=2023).select_related("donor__country"):
        donor = pledge.donor
        given = (
            Payment.objects.filter(commitment__pledge=pledge).aggregate(total=Sum("amount_usd"))[
                "total"
            ]
            or ZERO
        )
        if donor.kind == Organisation.Kind.GOVERNMENT and donor.country_id in members:
            assert donor.country is not None
            pledged[donor.country.iso3] += pledge.amount_usd
            in_kind[donor.country.iso3] += given if pledge.is_in_kind else ZERO
        else:
            others[donor.name] += pledge.amount_usd
    assert set(pledged) == {"KAZ", "TJK", "TKM"}

    report = _report(flour_demo, 2023)
    assert {row.iso3: row.pledged_usd for row in report.member_states} == pledged
    assert {row.iso3: row.in_kind_usd for row in report.member_states} == in_kind
    assert {row.contributor: row.pledged_usd for row in report.other_donors} == others
    assert report.member_state_total.pledged_usd == sum(pledged.values(), ZERO)


def test_activities_are_counted_by_country(flour_demo: FlourDemo) -> None:
    handed = Distribution.objects.filter(distributed_on__year=2023, country__iso3="AFG")
    served = Beneficiary.objects.filter(pk__in=handed.values("beneficiary_id"))
    first, last = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)
    projects = {
        project.code
        for project in Project.objects.filter(recipient_country__iso3="AFG")
        if (project.actual_start or project.planned_start) <= last
        and (project.actual_end or project.planned_end) >= first
        and project.status != "5"
    }

    report = _report(flour_demo, 2023)
    afghanistan = next(work for work in report.countries if work.iso3 == "AFG")
    assert afghanistan.assistance is not None
    assert afghanistan.assistance.distributions == handed.count() > 0
    assert afghanistan.assistance.kilograms == handed.aggregate(kg=Sum("quantity"))["kg"]
    assert afghanistan.assistance.beneficiaries == served.count()
    assert afghanistan.assistance.people == served.aggregate(n=Sum("people"))["n"]
    assert {project.code for project in afghanistan.projects} == projects
    assert "AFSP-FFH-2023" in projects
    assert report.kilograms == afghanistan.assistance.kilograms


def test_trainings_count_participants_and_attendance(flour_demo: FlourDemo) -> None:
    events = list(Event.objects.filter(starts_on__year=2021))
    approved = Registration.objects.filter(event__in=events, status="approved")
    attended = {
        attendance.registration_id
        for attendance in Attendance.objects.filter(registration__in=approved).select_related(
            "session"
        )
        if attendance.checked_in_at is not None
        or attendance.minutes * 2 >= attendance.session.length_minutes
    }
    by_country: dict[str, int] = defaultdict(int)
    for registration in approved.select_related("country"):
        by_country[registration.country.name] += 1

    report = _report(flour_demo, 2021)
    assert report.events is not None
    assert [event.title for event in report.events] == [event.title for event in events]
    assert report.participants == approved.count() > 0
    assert report.attended == len(attended) > 0
    assert {row.country: row.participants for row in report.participants_by_country} == by_country
    decisions = GoverningBodyDecision.objects.filter(held_from__year=2021)
    assert [line.body for line in report.decisions] == [decision.body for decision in decisions]


def test_a_country_officer_sees_the_year_of_their_countries(flour_demo: FlourDemo) -> None:
    report = governing_report(user=flour_demo.officer_kaz, year=2023, data_as_of=timezone.now())
    assert report.member_states == [] and report.other_donors == []
    assert [work.iso3 for work in report.countries] == []
    afghan = governing_report(user=flour_demo.officer_afg, year=2023, data_as_of=timezone.now())
    assert {row.iso3 for row in afghan.member_states} == {"KAZ", "TJK", "TKM"}
    assert not Pledge.objects.filter(Q(budget_year=2023), ~Q(country__iso3="AFG")).exists()


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("en", "Governing-body report 2023", "ltr"),
        ("ar", "تقرير الهيئة الحاكمة 2023", "rtl"),
        ("fr", "Rapport à l'organe directeur 2023", "ltr"),
        ("ru", "Отчёт для руководящего органа за 2023", "ltr"),
    ],
)
def test_the_html_speaks_four_languages(
    flour_demo: FlourDemo,
    language: str,
    title: str,
    direction: str,
) -> None:
    with translation.override(language):
        report = _report(flour_demo, 2023)
    html = render_html(report, language)
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html
    assert figures.datetime_text(report.data_as_of, lang=language) in html
    if language != "en":
        assert "Contributions by member state" not in html


def test_the_arabic_pdf_carries_the_title_and_the_figures(
    flour_demo: FlourDemo,
    tmp_path: Path,
) -> None:
    with translation.override("ar"):
        report = _report(flour_demo, 2023)
    pdf = tmp_path / "governing-ar.pdf"
    pdf.write_bytes(render_pdf(render_html(report, "ar")))
    text = subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    plain = unicodedata.normalize("NFKC", text)
    for mark in ("\u202a", "\u202b", "\u202c"):
        plain = plain.replace(mark, "")
    assert "تقرير الهيئة الحاكمة" in plain
    assert "كازاخستان" in plain
    afghanistan = next(work for work in report.countries if work.iso3 == "AFG")
    assert afghanistan.assistance is not None
    assert f"{int(afghanistan.assistance.kilograms):,}" in plain


def test_the_contributions_are_mapped_beside_their_table_in_the_pdf_too(
    flour_demo: FlourDemo, tmp_path: Path
) -> None:
    with translation.override("en"):
        report = _report(flour_demo, 2023)
    html = render_html(report, "en")
    drawn = html.split('<svg class="map"')[1].split("</svg>")[0]
    for row in report.member_states:
        assert f'data-code="{row.iso3}"' in drawn
        assert f"<title>{row.contributor}: " in drawn
    assert "style=" not in drawn
    painted = first_page_colours(render_pdf(html), tmp_path, "governing-report-map-en")
    # The darkest group (the largest pledge) and the member states without a pledge.
    assert (0x6F, 0x54, 0x10) in painted and (0xC9, 0xC9, 0xC9) in painted

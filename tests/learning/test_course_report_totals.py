"""The course report ends with a totals row: each of its columns (women and men enrolled and
completed) added up over the districts, in the reader's figures."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sunbula.core.models import AdminArea, User
from sunbula.learning import services
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db


def _enrol(farm: FarmCourse, district: AdminArea, sex: str, phone: str, *, done: bool) -> None:
    enrolment = services.farmer_enrol(
        actor=None,
        course=farm.course,
        phone=phone,
        district=district,
        sex=sex,
        language="fa-af",
        pin="4321",
    )
    if done:
        for lesson in farm.lessons:
            services.lesson_complete(actor=None, enrolment=enrolment, lesson=lesson)


@pytest.fixture
def enrolled(farm_course: FarmCourse, world: World) -> FarmCourse:
    _enrol(farm_course, world.kabul, "f", "+93700000001", done=True)
    _enrol(farm_course, world.kabul, "f", "+93700000002", done=False)
    _enrol(farm_course, world.kabul, "m", "+93700000003", done=True)
    _enrol(farm_course, world.hirat, "f", "+93700000004", done=True)
    _enrol(farm_course, world.hirat, "m", "+93700000005", done=False)
    _enrol(farm_course, world.hirat, "m", "+93700000006", done=False)
    return farm_course


def _footer(html: str) -> list[str]:
    found = re.search(r"<tfoot><tr>(.*?)</tr></tfoot>", html, re.S)
    assert found, "no totals row"
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found[1])


def test_the_report_adds_up_each_column(enrolled: FarmCourse, organiser: User) -> None:
    url = f"/en/learning/courses/{enrolled.course.pk}/report/"
    html = client_for(organiser).get(url).content.decode()
    assert _footer(html) == ["Total", *(f"<bdi>{n}</bdi>" for n in (3, 2, 3, 1))]


@pytest.fixture
def arabic_digits(settings: Any) -> None:
    settings.FIGURE_DIGITS = {**settings.FIGURE_DIGITS, "ar": "arab"}


def test_the_totals_are_in_the_readers_figures(
    enrolled: FarmCourse, organiser: User, arabic_digits: None
) -> None:
    url = f"/ar/learning/courses/{enrolled.course.pk}/report/"
    html = client_for(organiser).get(url).content.decode()
    assert _footer(html)[1:] == [f"<bdi>{n}</bdi>" for n in ("٣", "٢", "٣", "١")]


def test_a_course_no_farmer_joined_has_no_totals_row(
    farm_course: FarmCourse, organiser: User
) -> None:
    url = f"/en/learning/courses/{farm_course.course.pk}/report/"
    html = client_for(organiser).get(url).content.decode()
    assert "No farmer has enrolled yet." in html and "<tfoot>" not in html

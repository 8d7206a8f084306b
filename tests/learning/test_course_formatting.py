"""Courses read in the reader's words and digits: language names, Persian digits on Dari
pages, counts with their plural, and each problem of the course form said once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse, Workshop, approved

pytestmark = pytest.mark.django_db


def test_the_course_list_names_the_languages(farm_course: FarmCourse, officer_afg: User) -> None:
    client = client_for(officer_afg)
    english = client.get("/en/learning/courses/").content.decode()
    assert ">Dari</a>, <a" in english and ">Pashto</a>" in english
    assert ">fa-af</a>" not in english
    arabic = client.get("/ar/learning/courses/").content.decode()
    assert ">الدارية</a>" in arabic


def test_the_dari_progress_is_in_persian_digits(farm_course: FarmCourse, world: World) -> None:
    client = Client()
    url = f"/en/learning/farm/fa-af/courses/{farm_course.course.pk}/"
    client.post(url, {"phone": "0700123456", "district": world.hirat.pk, "sex": "f", "pin": "4827"})
    html = client.get(url).content.decode()
    assert "شما <bdi>۰</bdi> درس از <bdi>۲</bdi> درس" in html


def test_one_line_and_one_participant_read_in_the_singular(
    workshop: Workshop, world: World, organiser: User
) -> None:
    approved(workshop.event, world.afghanistan, "Amina Karimi")
    report = SimpleUploadedFile(
        "report.csv",
        b"User Email,Join Time,Leave Time\namina@example.org,2021-12-22 09:00:00,"
        b"2021-12-22 10:00:00\n",
    )
    response = client_for(organiser).post(
        f"/en/learning/sessions/{workshop.morning.pk}/attendance/", {"report": report}, follow=True
    )
    assert "1 line read. Minutes recorded for 1 participant." in response.content.decode()


def test_a_course_without_languages_is_told_so_once(officer_afg: User, world: World) -> None:
    refused = client_for(officer_afg).post(
        "/en/learning/courses/new/", {"title": "Storing grain", "country": world.afghanistan.pk}
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors["languages"] == ["Name the languages of the course."]
    html = refused.content.decode()
    assert html.count("Name the languages of the course.") == 1
    assert "This field is required." not in html

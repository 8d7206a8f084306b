"""Lists on the organiser's pages read with the reader's comma: "، " in Arabic, ", " in
English and French (a question's kind and whether it is required, a survey question's
figures, a course's languages, the e-mails a meeting report names that no one registered)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.views import COURSE_COLUMNS
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse, Workshop, approved

pytestmark = pytest.mark.django_db


def test_a_required_question_is_described_with_the_arabic_comma(
    workshop: Workshop, organiser: User
) -> None:
    services.question_add(
        actor=None,
        event=workshop.event,
        label="Title of your presentation",
        label_translations={"ar": "عنوان عرضك"},
        kind="text",
        required=True,
    )
    client = client_for(organiser)
    arabic = client.get(f"/ar/learning/events/{workshop.event.pk}/").content.decode()
    assert "عنوان عرضك (نص، إلزامي)" in arabic
    english = client.get(f"/en/learning/events/{workshop.event.pk}/").content.decode()
    assert "Title of your presentation (Text, required)" in english


def test_a_survey_question_s_figures_are_listed_with_the_arabic_comma(
    workshop: Workshop, organiser: User
) -> None:
    survey = services.survey_create(
        actor=None, title="Workshop feedback", event=workshop.event, purpose="feedback"
    )
    services.survey_question_add(actor=None, survey=survey, label="Comments", kind="text")
    arabic = client_for(organiser).get(f"/ar/learning/surveys/{survey.pk}/").content.decode()
    caption = arabic.split("<caption>")[1].split("</caption>")[0]
    assert "، " in caption and ";" not in caption


def test_a_course_s_languages_are_listed_with_the_reader_s_comma(
    farm_course: FarmCourse, organiser: User
) -> None:
    client = client_for(organiser)
    arabic = client.get("/ar/learning/courses/").content.decode()
    row = arabic.split("<tbody>")[1].split("</tr>")[0]
    assert row.count("</a>، <a") == 2 and "·" not in row
    report = client.get(f"/ar/learning/courses/{farm_course.course.pk}/report/").content.decode()
    assert "</a>، <a" in report
    languages = COURSE_COLUMNS[2]  # the download's column of languages
    with translation.override("en"):
        assert languages.value(farm_course.course) == "Dari, Pashto, English"
    with translation.override("ar"):
        assert languages.value(farm_course.course).count("، ") == 2


def test_the_e_mails_no_one_registered_with_are_listed_with_the_arabic_comma(
    workshop: Workshop, world: World, organiser: User
) -> None:
    approved(workshop.event, world.afghanistan, "Amina Karimi")
    report = SimpleUploadedFile(
        "report.csv",
        b"User Email,Join Time,Leave Time\n"
        b"amina@example.org,2021-12-22 09:00:00,2021-12-22 09:30:00\n"
        b"guest@example.org,2021-12-22 09:00:00,2021-12-22 09:30:00\n"
        b"visitor@example.org,2021-12-22 09:00:00,2021-12-22 09:30:00\n",
    )
    response = client_for(organiser).post(
        f"/ar/learning/sessions/{workshop.morning.pk}/attendance/", {"report": report}, follow=True
    )
    assert "guest@example.org، visitor@example.org" in response.content.decode()

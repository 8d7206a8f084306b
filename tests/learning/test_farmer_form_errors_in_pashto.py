"""A Pashto farmer page says its form errors in Pashto, Django's own messages included (Django
has no Pashto catalogue: learning's keeps them, `learning.farmer_messages`), and a Dari page
keeps the Persian words it showed before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from sunbula.learning.farmer_messages import FARMER_FORM_MESSAGES
from sunbula.learning.models import Enrolment
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db


def _course_page(farm: FarmCourse, language: str) -> str:
    return f"/en/learning/farm/{language}/courses/{farm.course.pk}/"


def test_a_district_left_empty_is_said_in_pashto(farm_course: FarmCourse) -> None:
    response = Client().post(
        _course_page(farm_course, "ps"),
        {"phone": "+93 70 123 4567", "district": "", "sex": "f", "pin": "4812"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "دا ځای باید ډک شي." in html
    assert "This field is required." not in html
    assert not Enrolment.objects.exists()


def test_a_district_or_sex_not_offered_and_a_long_phone_are_said_in_pashto(
    farm_course: FarmCourse,
) -> None:
    response = Client().post(
        _course_page(farm_course, "ps"),
        {"phone": "0" * 21, "district": "999999", "sex": "x", "pin": ""},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "یو سم انتخاب وټاکئ. دا انتخاب په شته انتخابونو کې نشته." in html
    assert "یو سم انتخاب وټاکئ. x په شته انتخابونو کې نشته." in html
    assert "دا باید تر 20 تورو زیات نه وي (اوس 21 لري)." in html
    assert "دا ځای باید ډک شي." in html  # the PIN
    assert "Select a valid choice" not in html and "Ensure this value" not in html


def test_a_dari_page_keeps_its_persian_words(farm_course: FarmCourse) -> None:
    response = Client().post(
        _course_page(farm_course, "fa-af"),
        {"phone": "+93 70 123 4567", "district": "abc", "sex": "f", "pin": ""},
    )
    html = response.content.decode()
    assert "یک گزینهٔ معتبر انتخاب کنید. آن گزینه از گزینه‌های موجود نیست." in html
    assert "این مقدار لازم است." in html


@pytest.mark.parametrize("language", ["ps", "fa-af"])
def test_every_message_kept_for_the_farmer_pages_is_translated(language: str) -> None:
    *messages, too_long = FARMER_FORM_MESSAGES
    with translation.override(language):
        for message in messages:
            assert translation.gettext(message) != message, message
        assert "Ensure" not in too_long % {"limit_value": 20, "show_value": 21}

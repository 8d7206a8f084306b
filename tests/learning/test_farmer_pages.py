"""Farmer pages: Dari and Pashto right to left, ≤ 30 KB with all they load, text-only mode."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from sunbula.learning.models import Enrolment
from tests.conftest import World
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db
BUDGET = 30 * 1024


def _pages(farm: FarmCourse, language: str) -> list[str]:
    base = f"/en/learning/farm/{language}/"
    return [base, f"{base}courses/{farm.course.pk}/", f"{base}lessons/{farm.lessons[0].pk}/"]


def _weight(client: Client, url: str) -> int:
    """Compressed bytes of the page and of everything it loads from this server."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    total = len(gzip.compress(html, compresslevel=6))
    for ref in re.findall(
        r'(?:href|src)="([^"]+\.(?:css|js|svg|woff2|png|mp3|ogg))"', html.decode()
    ):
        assert ref.startswith("/static/"), f"{url} loads {ref} from elsewhere"
        path = finders.find(ref.removeprefix("/static/"))
        assert path, ref
        with open(path, "rb") as asset:
            total += len(gzip.compress(asset.read(), compresslevel=6))
    return total


@pytest.mark.parametrize("language", ["fa-af", "ps", "en"])
def test_every_farmer_page_fits_in_30_kb(farm_course: FarmCourse, language: str) -> None:
    client = Client()
    for url in _pages(farm_course, language):
        assert _weight(client, url) <= BUDGET, url
        assert _weight(client, f"{url}?text=1") <= BUDGET, url


@pytest.mark.parametrize(("language", "title"), [("fa-af", "کشت گندم"), ("ps", "د غنمو کرنه")])
def test_dari_and_pashto_pages_run_right_to_left(
    farm_course: FarmCourse, language: str, title: str
) -> None:
    client = Client()
    for url in _pages(farm_course, language):
        html = client.get(url).content.decode()
        assert f'<html lang="{language}" dir="rtl">' in html, url
    course_page = client.get(_pages(farm_course, language)[1]).content.decode()
    assert title in course_page


def test_farmer_page_strings_come_from_the_dari_and_pashto_catalogues(
    farm_course: FarmCourse,
) -> None:
    client = Client()
    assert "درس‌ها" in client.get(_pages(farm_course, "fa-af")[1]).content.decode()
    assert "درسونه" in client.get(_pages(farm_course, "ps")[1]).content.decode()
    english = client.get(_pages(farm_course, "en")[1]).content.decode()
    assert '<html lang="en" dir="ltr">' in english and "Lessons" in english


def test_text_only_mode_loads_no_stylesheet(farm_course: FarmCourse) -> None:
    client = Client()
    full = client.get(_pages(farm_course, "ps")[1]).content.decode()
    text = client.get(_pages(farm_course, "ps")[1] + "?text=1").content.decode()
    assert "farm.css" in full
    assert "<link" not in text and "<audio" not in text
    # Links keep the farmer in text-only mode.
    assert f"lessons/{farm_course.lessons[0].pk}/?text=1" in text


def test_a_farmer_enrols_by_phone_and_completes_the_course(
    farm_course: FarmCourse, world: World
) -> None:
    client = Client()
    course_url = _pages(farm_course, "ps")[1]
    response = client.post(
        course_url,
        {"phone": "+93 70 123 4567", "district": world.hirat.pk, "sex": "f", "pin": "4812"},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.language == "ps" and enrolment.phone_last_digits == "567"
    assert "1234567" not in enrolment.phone_digest and "4812" not in enrolment.pin_hash
    for lesson in farm_course.lessons:
        client.post(f"/en/learning/farm/ps/lessons/{lesson.pk}/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert "کورس بشپړ شو." in client.get(course_url).content.decode()
    # On another phone the farmer continues with phone number and PIN.
    again = Client()
    again.post(course_url, {"resume": "1", "phone": "0093701234567", "pin": "4812"})
    assert Enrolment.objects.count() == 1
    assert "کورس بشپړ شو." in again.get(course_url).content.decode()


def _progress(client: Client, url: str) -> bool:
    return 'class="progress"' in client.get(url).content.decode()


def test_knowing_a_farmers_phone_does_not_open_the_enrolment(
    farm_course: FarmCourse, world: World
) -> None:
    course_url = _pages(farm_course, "en")[1]
    lesson_url = f"/en/learning/farm/en/lessons/{farm_course.lessons[0].pk}/"
    farmer = {"phone": "+93 70 555 0101", "district": world.hirat.pk, "sex": "f", "pin": "2580"}
    assert Client().post(course_url, farmer).status_code == 302
    stranger = Client()
    for attempt in (
        {**farmer, "pin": "0000"},  # enrolling again with the phone
        {"resume": "1", "phone": farmer["phone"], "pin": "1111"},
        {"resume": "1", "phone": farmer["phone"], "pin": ""},
    ):
        refused = stranger.post(course_url, attempt)
        assert refused.status_code == 422, attempt
        assert not _progress(stranger, course_url)
    stranger.post(lesson_url)
    enrolment = Enrolment.objects.get()
    assert not enrolment.lessons_done.exists()
    assert Enrolment.objects.count() == 1


def test_pin_attempts_are_limited_per_phone_and_per_address(
    farm_course: FarmCourse, world: World
) -> None:
    course_url = _pages(farm_course, "en")[1]
    farmer = {"phone": "+93 70 555 0202", "district": world.hirat.pk, "sex": "m", "pin": "97531"}
    Client().post(course_url, farmer)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [
        guesser.post(
            course_url, {"resume": "1", "phone": farmer["phone"], "pin": f"{guess:04d}"}
        ).status_code
        for guess in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    # Now even the right PIN waits, from anywhere: the phone's attempts are used up.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    right = {"resume": "1", "phone": farmer["phone"], "pin": farmer["pin"]}
    assert elsewhere.post(course_url, right).status_code == 429
    # One address guessing across many phones is stopped too.
    for index in range(20):
        phone = f"+93 70 600 {index:04d}"
        guesser.post(course_url, {"resume": "1", "phone": phone, "pin": "1234"})
    other_phone = {"resume": "1", "phone": "+93 70 777 0000", "pin": "1234"}
    assert guesser.post(course_url, other_phone).status_code == 429


def test_a_bad_phone_number_is_named_not_crashed(farm_course: FarmCourse, world: World) -> None:
    response = Client().post(
        _pages(farm_course, "fa-af")[1],
        {"phone": "12", "district": world.hirat.pk, "sex": "m", "pin": "1234"},
    )
    assert response.status_code == 422
    assert "۷ تا ۱۵" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_an_unknown_farmer_language_is_not_found(farm_course: FarmCourse) -> None:
    assert Client().get("/en/learning/farm/de/").status_code == 404


@pytest.mark.parametrize("language", ["fa-af", "ps"])
def test_the_district_list_is_in_the_farmers_language_each_place_once(
    demo: None, language: str
) -> None:
    from sunbula.learning.models import Course

    course = Course.objects.get()
    html = Client().get(f"/en/learning/farm/{language}/courses/{course.pk}/").content.decode()
    select = re.search(r'<select name="district".*?</select>', html, re.S)
    assert select
    places = [
        label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)<", select[0])
    ]
    assert len(places) > 30
    assert len(places) == len(set(places)), "a place listed twice"
    assert not [place for place in places if re.search("[A-Za-z]", place)], "English names"

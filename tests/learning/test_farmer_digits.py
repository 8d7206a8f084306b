"""A farmer's phone may type Persian (۰۱۲) or Arabic-Indic (٠١٢) digits: the number and PIN
are the same as in 0-9, so a farmer enrolled one way resumes the other."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client

from sunbula.learning.models import Enrolment
from tests.conftest import World
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db


def _course_url(farm: FarmCourse, language: str = "fa-af") -> str:
    return f"/en/learning/farm/{language}/courses/{farm.course.pk}/"


def _progress(client: Client, url: str) -> bool:
    return 'class="progress"' in client.get(url).content.decode()


def test_enrolled_in_persian_digits_resumes_in_latin_ones(
    farm_course: FarmCourse, world: World
) -> None:
    url = _course_url(farm_course)
    enrolled = Client().post(
        url, {"phone": "۰۷۰۰۱۲۳۴۵۶", "district": world.hirat.pk, "sex": "m", "pin": "۴۸۲۷"}
    )
    assert enrolled.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.phone_last_digits == "456"
    resumed = Client()
    assert (
        resumed.post(url, {"resume": "1", "phone": "0700123456", "pin": "4827"}).status_code == 302
    )
    assert _progress(resumed, url)
    arabic = Client()
    answer = arabic.post(url, {"resume": "1", "phone": "٠٧٠٠١٢٣٤٥٦", "pin": "٤٨٢٧"})
    assert answer.status_code == 302 and _progress(arabic, url)
    again = Client().post(
        url, {"phone": "0700123456", "district": world.hirat.pk, "sex": "m", "pin": "1111"}
    )
    assert again.status_code == 422 and Enrolment.objects.count() == 1


def test_an_enrolment_hashed_in_persian_digits_before_still_resumes(
    farm_course: FarmCourse, world: World
) -> None:
    """Made when digits were kept as typed: its hashes are of the Persian digits."""
    typed = hmac.new(settings.SECRET_KEY.encode(), "۰۷۰۰۱۲۳۴۵۶".encode(), hashlib.sha256)
    Enrolment.objects.create(
        course=farm_course.course,
        phone_digest=typed.hexdigest(),
        phone_last_digits="456",
        pin_hash=make_password("۴۸۲۷"),
        district=world.hirat,
        sex="f",
        language="fa-af",
        enrolled_at="2026-01-01T00:00Z",
    )
    url = _course_url(farm_course)
    for phone, pin in (("0700123456", "4827"), ("۰۷۰۰۱۲۳۴۵۶", "۴۸۲۷")):
        client = Client()
        assert client.post(url, {"resume": "1", "phone": phone, "pin": pin}).status_code == 302
        assert _progress(client, url)
    wrong = Client().post(url, {"resume": "1", "phone": "0700123456", "pin": "4828"})
    assert wrong.status_code == 422
    twice = Client().post(
        url, {"phone": "0700123456", "district": world.hirat.pk, "sex": "f", "pin": "4827"}
    )
    assert twice.status_code == 302 and Enrolment.objects.count() == 1

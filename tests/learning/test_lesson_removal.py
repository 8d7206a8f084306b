"""An organiser removes a lesson added by mistake from the course page, through a
confirmation step; a lesson farmers completed is retired instead: hidden from farmers and no
longer needed to complete the course. The same through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.learning import services
from sunbula.learning.models import CourseCertificate, Enrolment, Lesson
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _enrol_and_do(farm: FarmCourse, world: World, lesson: Lesson) -> tuple[Client, Enrolment]:
    """A farmer on a phone who joined the course and finished `lesson`."""
    client = Client()
    client.post(
        f"/en/learning/farm/ps/courses/{farm.course.pk}/",
        {"phone": "+93 70 123 4567", "district": world.hirat.pk, "sex": "f", "pin": "4812"},
    )
    client.post(f"/en/learning/farm/ps/lessons/{lesson.pk}/")
    return client, Enrolment.objects.get()


def test_the_course_page_links_to_removing_and_retiring_a_lesson(
    farm_course: FarmCourse, officer_afg: User
) -> None:
    page = client_for(officer_afg).get(farm_course.course.get_absolute_url())
    html = page.content.decode()
    lesson = farm_course.lessons[0]
    assert f"/en/learning/lessons/{lesson.pk}/remove/" in html
    assert f"/en/learning/lessons/{lesson.pk}/retire/" in html


def test_a_lesson_no_farmer_completed_is_removed_after_confirming(
    farm_course: FarmCourse, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    lesson = farm_course.lessons[1]
    url = f"/en/learning/lessons/{lesson.pk}/remove/"
    page = client.get(url)
    assert page.status_code == 200 and "Remove the lesson “Lesson 2”" in page.content.decode()
    assert Lesson.objects.filter(pk=lesson.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == farm_course.course.get_absolute_url()
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    entry = AuditEntry.objects.get(action="learning.lesson.removed")
    assert entry.actor == officer_afg and entry.before["title"] == "Lesson 2"


def test_a_completed_lesson_is_retired_not_removed(
    farm_course: FarmCourse, officer_afg: User, world: World
) -> None:
    first, second = farm_course.lessons
    farmer, enrolment = _enrol_and_do(farm_course, world, first)
    client = client_for(officer_afg)
    url = f"/en/learning/lessons/{first.pk}/remove/"
    assert "Retire it instead" in client.get(url).content.decode()
    refused = client.post(url)
    assert refused.status_code == 422 and "Retire it instead" in refused.content.decode()
    assert Lesson.objects.filter(pk=first.pk).exists()

    # Retiring the second lesson, which the farmer has not done, completes the course for
    # the farmer on their next lesson; farmers no longer see it.
    assert client.post(f"/en/learning/lessons/{second.pk}/retire/").status_code == 302
    course_url = f"/en/learning/farm/ps/courses/{farm_course.course.pk}/"
    course_page = farmer.get(course_url).content.decode()
    assert f"/lessons/{second.pk}/" not in course_page
    assert farmer.get(f"/en/learning/farm/ps/lessons/{second.pk}/").status_code == 404
    farmer.post(f"/en/learning/farm/ps/lessons/{first.pk}/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert CourseCertificate.objects.filter(enrolment=enrolment).exists()
    report = client.get(farm_course.course.get_absolute_url()).content.decode()
    assert "retired: farmers do not see it" in report
    assert f"/en/learning/lessons/{second.pk}/restore/" in report

    # Restored, it is shown again.
    assert client.post(f"/en/learning/lessons/{second.pk}/restore/").status_code == 302
    assert f"/lessons/{second.pk}/" in farmer.get(course_url).content.decode()
    actions = set(AuditEntry.objects.filter(actor=officer_afg).values_list("action", flat=True))
    assert {"learning.lesson.retired", "learning.lesson.restored"} <= actions


def test_lessons_of_another_country_are_not_found(
    farm_course: FarmCourse, officer_kaz: User, donor_viewer: User
) -> None:
    lesson = farm_course.lessons[0]
    for step in ("remove", "retire", "restore"):
        url = f"/en/learning/lessons/{lesson.pk}/{step}/"
        assert client_for(officer_kaz).post(url).status_code == 404, url
        # A donor reads only the courses of projects it takes part in: this one is missing.
        assert client_for(donor_viewer).post(url).status_code == 404, url
    api = f"/api/v1/learning/lessons/{lesson.pk}/"
    assert client_for(officer_kaz).delete(api).status_code == 404
    assert client_for(donor_viewer).delete(api).status_code == 404
    assert Lesson.objects.filter(pk=lesson.pk, retired_at__isnull=True).exists()


def test_the_api_corrects_retires_and_removes_a_lesson(
    farm_course: FarmCourse, officer_afg: User, world: World
) -> None:
    first, second = farm_course.lessons
    _enrol_and_do(farm_course, world, first)
    client = client_for(officer_afg)
    url = f"/api/v1/learning/lessons/{first.pk}/"
    patched = client.patch(url, {"title": "Sowing"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["title"] == "Sowing"
    refused = client.delete(url)
    assert refused.status_code == 422 and "Retire it instead" in refused.json()["detail"]
    retired = client.post(f"{url}retire/")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    restored = client.post(f"{url}restore/")
    assert restored.status_code == 200 and restored.json()["retired_at"] is None
    assert client.delete(f"/api/v1/learning/lessons/{second.pk}/").status_code == 204
    assert list(Lesson.objects.values_list("title", flat=True)) == ["Sowing"]
    assert services.lesson_retire(actor=None, lesson=first).is_retired

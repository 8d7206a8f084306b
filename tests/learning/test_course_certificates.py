"""Must show: a farmer who finishes every lesson gets a certificate of completion on the phone
(a PDF in the farmer's language, with a code), anyone verifies the code on the public page,
and no one else's browser reaches it; lessons sit at places 1 to 200 of their course; the
course's report links to its project and to the farmers' pages."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import User
from sunbula.learning.models import CourseCertificate, Lesson
from sunbula.learning.services import course_update
from tests.conftest import Projects, World, client_for
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db


FARMER = {"phone": "+93 70 123 4567", "sex": "f", "pin": "4812"}


def _enrol(farm: FarmCourse, world: World, client: Client) -> str:
    course_url = f"/en/learning/farm/fa-af/courses/{farm.course.pk}/"
    assert client.post(course_url, {**FARMER, "district": world.hirat.pk}).status_code == 302
    return course_url


def _finish(farm: FarmCourse, client: Client) -> None:
    for lesson in farm.lessons:
        assert client.post(f"/en/learning/farm/fa-af/lessons/{lesson.pk}/").status_code == 302


def test_a_farmer_who_finishes_the_course_gets_a_certificate_to_verify(
    farm_course: FarmCourse, world: World
) -> None:
    phone = Client()
    pdf_url = f"/en/learning/farm/fa-af/courses/{farm_course.course.pk}/certificate.pdf"
    course_url = _enrol(farm_course, world, phone)
    assert phone.get(pdf_url).status_code == 404  # not before the course is complete
    _finish(farm_course, phone)
    certificate = CourseCertificate.objects.get()
    page = phone.get(course_url).content.decode()
    assert pdf_url in page and certificate.code in page
    pdf = phone.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Another browser, without the farmer's phone and PIN, gets nothing.
    assert Client().get(pdf_url).status_code == 404
    for language, title in (("en", "Growing wheat"), ("ar", "Growing wheat")):
        verified = Client().get(f"/{language}/learning/verify/", {"code": certificate.code.lower()})
        assert verified.status_code == 200 and title in verified.content.decode()
    assert Client().get("/en/learning/verify/", {"code": "C-0000000000"}).status_code == 404


def test_a_certificate_is_issued_once(farm_course: FarmCourse, world: World) -> None:
    phone = Client()
    course_url = _enrol(farm_course, world, phone)
    _finish(farm_course, phone)
    _finish(farm_course, phone)
    assert phone.get(course_url).status_code == 200
    assert CourseCertificate.objects.count() == 1


def test_a_lesson_sits_at_a_place_from_1_to_200(farm_course: FarmCourse, admin: User) -> None:
    client = client_for(admin)
    url = f"/en/learning/courses/{farm_course.course.pk}/lessons/new/"
    for position in ("0", "99999"):
        answer = client.post(url, {"position": position, "title": "x", "body": "y"})
        assert answer.status_code == 422, position
        assert "from 1 to 200" in answer.content.decode()
    assert Lesson.objects.filter(course=farm_course.course).count() == 2


def test_the_course_report_links_its_project_and_farmer_pages(
    farm_course: FarmCourse, projects: Projects, admin: User
) -> None:
    course_update(actor=admin, course=farm_course.course, project=projects.flour)
    html = client_for(admin).get(f"/en/learning/courses/{farm_course.course.pk}/report/")
    text = html.content.decode()
    assert projects.flour.get_absolute_url() in text
    for language in ("fa-af", "ps", "en"):
        assert f"/en/learning/farm/{language}/courses/{farm_course.course.pk}/" in text

"""Farmers who completed a course before course certificates existed get theirs when the
install is migrated, in the service's format and as of their completion; the certificates
the service issued stay, and migrating again issues nothing."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from sunbula.learning import services
from sunbula.learning.models import CourseCertificate, Enrolment
from tests.conftest import World
from tests.learning.conftest import FarmCourse

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_CERTIFICATES = [("learning", "0010_enrolment_last_digits_latin")]
WITH_CERTIFICATES = [("learning", "0012_lesson_retired")]
AFTER = [("learning", "0013_certificates_for_courses_completed_before")]
COMPLETED = datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app's latest


@pytest.fixture
def latest_schema_after() -> Iterator[None]:
    yield
    _migrate_to_latest()


def _enrol(farm_course: FarmCourse, world: World, phone: str) -> Enrolment:
    return services.farmer_enrol(
        actor=None,
        course=farm_course.course,
        phone=phone,
        district=world.hirat,
        sex="f",
        language="fa-af",
        pin="4812",
    )


def _certificates() -> dict[int, tuple[str, datetime.datetime]]:
    return {
        certificate.enrolment_id: (certificate.code, certificate.issued_at)
        for certificate in CourseCertificate.objects.all()
    }


def test_courses_completed_before_certificates_get_one_once(
    farm_course: FarmCourse, world: World, latest_schema_after: None
) -> None:
    first, second, learning = (
        _enrol(farm_course, world, phone)
        for phone in ("+93 70 000 0001", "+93 70 000 0002", "+93 70 000 0003")
    )
    old_apps = _migrate(BEFORE_CERTIFICATES)
    old_apps.get_model("learning", "Enrolment").objects.filter(pk__in=[first.pk, second.pk]).update(
        completed_at=COMPLETED
    )

    _migrate(WITH_CERTIFICATES)
    recent = _enrol(farm_course, world, "+93 70 000 0004")
    for lesson in farm_course.lessons:
        services.lesson_complete(actor=None, enrolment=recent, lesson=lesson)
    issued_by_the_service = CourseCertificate.objects.get(enrolment=recent).code

    _migrate(AFTER)
    certificates = _certificates()
    assert set(certificates) == {first.pk, second.pk, recent.pk}
    assert learning.pk not in certificates
    assert certificates[recent.pk][0] == issued_by_the_service
    for enrolment in (first, second):
        code, issued_at = certificates[enrolment.pk]
        assert re.fullmatch(r"C-[0-9A-F]{10}", code), code
        assert issued_at == COMPLETED
    _migrate_to_latest()  # the pages read the schema as it is today
    for enrolment in (first, second):
        code, _issued = certificates[enrolment.pk]
        verified = Client().get("/en/learning/verify/", {"code": code})
        assert verified.status_code == 200 and "Growing wheat" in verified.content.decode()
    assert len({code for code, _issued in certificates.values()}) == 3

    _migrate(WITH_CERTIFICATES)
    _migrate(AFTER)
    assert _certificates() == certificates

"""Farmer courses: lessons, enrolment by phone and completed lessons."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections.abc import Sequence
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, given_fields, snapshot, update_audited
from sunbula.core.models import AdminArea, Country, User
from sunbula.learning.models import (
    Course,
    Enrolment,
    Lesson,
)
from sunbula.programmes.models import Project


class CourseChanges(TypedDict, total=False):
    title: str
    title_translations: dict[str, str]
    summary: str
    summary_translations: dict[str, str]
    country: Country
    project: Project | None
    languages: list[str]


COURSE_CHANGES = tuple(CourseChanges.__annotations__)


class LessonChanges(TypedDict, total=False):
    position: int
    title: str
    title_translations: dict[str, str]
    body: str
    body_translations: dict[str, str]


LESSON_CHANGES = tuple(LessonChanges.__annotations__)


@transaction.atomic
def course_create(
    *,
    actor: User | None,
    title: str,
    country: Country,
    title_translations: dict[str, str] | None = None,
    summary: str = "",
    summary_translations: dict[str, str] | None = None,
    project: Project | None = None,
    languages: Sequence[str] = (),
    is_illustrative: bool = False,
) -> Course:
    return create_audited(
        actor=actor,
        model=Course,
        values={
            "title": title,
            "title_translations": title_translations,
            "summary": summary,
            "summary_translations": summary_translations,
            "country": country,
            "project": project,
            "languages": list(languages),
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def lesson_add(
    *,
    actor: User | None,
    course: Course,
    position: int,
    title: str,
    body: str,
    title_translations: dict[str, str] | None = None,
    body_translations: dict[str, str] | None = None,
) -> Lesson:
    return create_audited(
        actor=actor,
        model=Lesson,
        values={
            "course": course,
            "position": position,
            "title": title,
            "title_translations": title_translations,
            "body": body,
            "body_translations": body_translations,
        },
    )


@transaction.atomic
def course_update(
    *, actor: User | None, course: Course, **changes: Unpack[CourseChanges]
) -> Course:
    values = given_fields("course_update", changes, COURSE_CHANGES)
    if "languages" in values:
        values["languages"] = list(values["languages"])
    return update_audited(actor=actor, obj=course, values=values)


@transaction.atomic
def lesson_update(
    *, actor: User | None, lesson: Lesson, **changes: Unpack[LessonChanges]
) -> Lesson:
    values = given_fields("lesson_update", changes, LESSON_CHANGES)
    return update_audited(actor=actor, obj=lesson, values=values)


def _normalise_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d{7,15}", digits):
        raise ValidationError({"phone": _("Enter a phone number of 7 to 15 digits.")})
    return digits


def _phone_digest(phone: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), _normalise_phone(phone).encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def farmer_enrol(
    *,
    actor: User | None,
    course: Course,
    phone: str,
    district: AdminArea,
    sex: str,
    language: str,
    is_illustrative: bool = False,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Enrol a farmer by phone; enrolling again with the same phone finds the enrolment."""
    digest = _phone_digest(phone)
    existing = Enrolment.objects.filter(course=course, phone_digest=digest).first()
    if existing is not None:
        return existing
    if district.country_id != course.country_id:
        raise ValidationError({"district": _("Choose a district of the course's country.")})
    return create_audited(
        actor=actor,
        model=Enrolment,
        values={
            "course": course,
            "phone_digest": digest,
            "phone_last_digits": _normalise_phone(phone)[-3:],
            "district": district,
            "sex": sex,
            "language": language,
            "enrolled_at": now or timezone.now(),
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def lesson_complete(
    *,
    actor: User | None,
    enrolment: Enrolment,
    lesson: Lesson,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Mark a lesson done; the course is complete when every lesson is."""
    if lesson.course_id != enrolment.course_id:
        raise ValidationError({"lesson": _("This lesson belongs to another course.")})
    if enrolment.lessons_done.filter(pk=lesson.pk).exists():
        return enrolment
    before = snapshot(enrolment, ("lessons_done", "completed_at"))
    enrolment.lessons_done.add(lesson)
    remaining = Lesson.objects.filter(course=enrolment.course).exclude(
        Q(pk__in=enrolment.lessons_done.all())
    )
    if enrolment.completed_at is None and not remaining.exists():
        enrolment.completed_at = now or timezone.now()
        enrolment.save(update_fields=["completed_at"])
    audit_record(
        actor=actor,
        action="learning.enrolment.lesson_completed",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ("lessons_done", "completed_at")),
    )
    return enrolment

"""Farmer courses: lessons, enrolment by phone and completed lessons."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from typing import TypedDict, Unpack

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    remove_audited,
    save_audited,
    snapshot,
    step_audited,
    update_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import NATIVE_DIGIT_SYSTEMS, in_digits, latin_digits
from sunbula.core.models import AdminArea, Country, User
from sunbula.core.validation import phone_number
from sunbula.learning.models import (
    Course,
    CourseCertificate,
    Enrolment,
    Lesson,
)
from sunbula.programmes.models import Project


class LessonCompleted(DomainError):
    """Farmers completed the lesson: it is retired, not removed."""

    status_code = 422


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


def _lesson_locked(lesson: Lesson) -> Lesson:
    """The lesson as stored now, locked until the transaction ends."""
    return Lesson.objects.select_for_update(of=("self",)).select_related("course").get(pk=lesson.pk)


@transaction.atomic
def lesson_remove(*, actor: User, lesson: Lesson) -> None:
    """Remove a lesson no farmer has completed (one added by mistake); a lesson farmers have
    completed is retired instead (lesson_retire)."""
    lesson = _lesson_locked(lesson)
    problem = lesson.removal_problem()
    if problem:
        raise LessonCompleted(problem)
    remove_audited(actor=actor, obj=lesson, fields=("course", "position", "title", "retired_at"))


@transaction.atomic
def lesson_retire(
    *, actor: User | None, lesson: Lesson, now: datetime.datetime | None = None
) -> Lesson:
    """Hide a lesson from farmers: it is no longer needed to complete the course, and the
    farmers who completed it keep it done. Retiring a retired lesson changes nothing."""
    lesson = _lesson_locked(lesson)
    if lesson.is_retired:
        return lesson
    return step_audited(
        actor=actor,
        obj=lesson,
        verb="retired",
        values={"retired_at": now or timezone.now()},
        fields=("retired_at",),
    )


@transaction.atomic
def lesson_restore(*, actor: User | None, lesson: Lesson) -> Lesson:
    """Show a retired lesson to farmers again; it is needed again to complete the course
    (those who completed the course already keep it complete)."""
    lesson = _lesson_locked(lesson)
    if not lesson.is_retired:
        return lesson
    return step_audited(
        actor=actor,
        obj=lesson,
        verb="restored",
        values={"retired_at": None},
        fields=("retired_at",),
    )


def _typed_digits(phone: str) -> str:
    return re.sub(r"[^0-9+]", "", latin_digits(phone))


def _normalise_phone(phone: str) -> str:
    try:
        return phone_number(phone)
    except ValidationError as refused:
        # Said on the phone field, in the farmer's language (Dari and Pashto included).
        raise ValidationError({"phone": _("Enter a phone number of 7 to 15 digits.")}) from refused


def _keyed_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def phone_digest(phone: str) -> str:
    """The keyed hash an enrolment is found by; ValidationError if it is not a phone number."""
    return _keyed_hash(_normalise_phone(phone))


def phone_digests(phone: str) -> dict[str, str]:
    """Each keyed hash an enrolment of `phone` may be stored under, with the numbering system
    its PIN was then hashed in: "latn" for `phone_digest`; until digits were read as 0-9, a
    number typed in Persian or Arabic-Indic digits was hashed as typed (and its PIN too), and
    the number is not kept to hash it again. ValidationError if it is not a phone number."""
    digests = {phone_digest(phone): "latn"}
    for system in NATIVE_DIGIT_SYSTEMS:
        digests[_keyed_hash(in_digits(_typed_digits(phone), system))] = system
    return digests


PIN = re.compile(r"[0-9]{4,6}")
ENROLMENT_FIELDS = (
    "course",
    "phone_last_digits",
    "district",
    "sex",
    "language",
    "enrolled_at",
    "is_illustrative",
)


@transaction.atomic
def farmer_enrol(
    *,
    actor: User | None,
    course: Course,
    phone: str,
    district: AdminArea,
    sex: str,
    language: str,
    pin: str = "",
    is_illustrative: bool = False,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Enrol a farmer by phone, with a PIN of 4 to 6 digits (hashed) that resumes the
    enrolment on another phone. A phone already enrolled in the course is refused: its
    farmer continues with phone and PIN (selectors.enrolment_resume). Illustrative
    enrolments of the demo may have no PIN (then they cannot be resumed)."""
    digest = phone_digest(phone)
    pin = latin_digits(pin)
    if not PIN.fullmatch(pin) and not (is_illustrative and not pin):
        raise ValidationError({"pin": _("Choose a PIN of 4 to 6 digits.")})
    if Enrolment.objects.filter(course=course, phone_digest__in=phone_digests(phone)).exists():
        raise ValidationError(
            {"phone": _("This phone number is already enrolled in this course; enter its PIN.")}
        )
    if district.country_id != course.country_id:
        raise ValidationError({"district": _("Choose a district of the course's country.")})
    enrolment = Enrolment(
        course=course,
        phone_digest=digest,
        phone_last_digits=_normalise_phone(phone)[-3:],
        pin_hash=make_password(pin) if pin else "",
        district=district,
        sex=sex,
        language=language,
        enrolled_at=now or timezone.now(),
        is_illustrative=is_illustrative,
    )
    # Neither the phone's hash nor the PIN's goes into the audit trail.
    return save_audited(
        actor=actor,
        obj=enrolment,
        verb="created",
        fields=ENROLMENT_FIELDS,
        also={"pin_set": bool(pin)},
    )


@transaction.atomic
def lesson_complete(
    *,
    actor: User | None,
    enrolment: Enrolment,
    lesson: Lesson,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Mark a lesson done; the course is complete when every lesson farmers see is."""
    if lesson.course_id != enrolment.course_id:
        raise ValidationError({"lesson": _("This lesson belongs to another course.")})
    if lesson.is_retired:
        raise ValidationError({"lesson": _("This lesson is no longer part of the course.")})
    remaining = Lesson.objects.filter(course=enrolment.course, retired_at__isnull=True).exclude(
        Q(pk__in=enrolment.lessons_done.all())
    )
    done_already = enrolment.lessons_done.filter(pk=lesson.pk).exists()
    if done_already and (enrolment.completed_at is not None or remaining.exists()):
        return enrolment
    before = snapshot(enrolment, ("lessons_done", "completed_at"))
    enrolment.lessons_done.add(lesson)
    # A lesson done again completes a course whose last missing lesson was retired.
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
    if enrolment.completed_at is not None:
        _certificate_issue(actor=actor, enrolment=enrolment)
    return enrolment


def _certificate_issue(*, actor: User | None, enrolment: Enrolment) -> CourseCertificate:
    """The certificate of a completed course, issued once; its code is verified on the same
    page as an event's certificates ("C-" sets the two kinds apart)."""
    existing = CourseCertificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    return create_audited(
        actor=actor,
        model=CourseCertificate,
        values={
            "enrolment": enrolment,
            "code": f"C-{secrets.token_hex(5).upper()}",
            "issued_at": enrolment.completed_at,
        },
    )

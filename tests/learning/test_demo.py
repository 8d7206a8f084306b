"""The learning demo: the seeds' events and course, synthetic people flagged, loading twice is a no-op."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from sunbula.core.demo import load_core_demo, load_personas
from sunbula.core.models import AuditEntry
from sunbula.learning.demo import WORKSHOP_TITLE, load_learning_demo
from sunbula.learning.models import Certificate, Course, Enrolment, Event, Registration
from sunbula.programmes.demo import load_programmes_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_seed_facts_and_twice_changes_nothing(demo: None) -> None:
    entries = AuditEntry.objects.count()
    load_learning_demo(lambda _line: None)
    assert AuditEntry.objects.count() == entries

    workshop = Event.objects.get(title=WORKSHOP_TITLE)
    assert workshop.starts_on == datetime.date(2021, 12, 22)
    assert (workshop.modality, workshop.working_language) == ("online", "en")
    assert workshop.interpretation_languages == ["ar", "fr", "ru"]
    assert workshop.programme is not None and workshop.programme.code == "FSG"
    assert workshop.project is not None and workshop.project.code == "FSG-WORKSHOP-2021"
    assert len(workshop.objectives.splitlines()) == 4
    assert set(workshop.objectives_translations) == {"ar", "fr", "ru"}

    training = Event.objects.get(kind="training")
    assert training.modality == "hybrid" and training.starts_on.year == 2022
    assert training.project is not None and training.project.code == "FSG-TRAININGS-2022"

    course = Course.objects.get()
    assert set(course.languages) >= {"fa-af", "ps"}
    assert all({"fa-af", "ps"} <= set(lesson.body_translations) for lesson in course.lessons.all())


def _load() -> None:
    load_core_demo(lambda _line: None)
    load_personas()
    load_programmes_demo(lambda _line: None)
    load_learning_demo(lambda _line: None)


def test_every_synthetic_person_is_flagged_and_never_mailed() -> None:
    """Loaded here, on an empty database, to see that loading mails nobody."""
    mail.outbox.clear()
    _load()
    registrations = Registration.objects.all()
    assert registrations.count() >= 6
    assert all(registration.is_illustrative for registration in registrations)
    assert all(enrolment.is_illustrative for enrolment in Enrolment.objects.all())
    assert Certificate.objects.exists()
    assert mail.outbox == []

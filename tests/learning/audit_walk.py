"""The learning services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from sunbula.core.models import Role, User
from sunbula.learning import services
from sunbula.learning.models import SurveyInvitation
from sunbula.learning.services.surveys import token_digest
from tests.audit import Walked
from tests.conftest import World, make_persona
from tests.learning.conftest import (
    DAY,
    FarmCourse,
    Workshop,
    approved,
    at,
    make_farm_course,
    make_workshop,
    register,
)


def calls(
    world: World, admin: User, workshop: Workshop, farm: FarmCourse
) -> dict[str, Callable[[], Any]]:
    focal_point = make_persona(
        "focal.kaz@example.org",
        Role.COUNTRY_FOCAL_POINT,
        world.kazakhstan_government,
        [world.kazakhstan],
    )
    delegation = services.delegation_create(
        actor=admin,
        event=workshop.event,
        country=world.kazakhstan,
        focal_point=focal_point,
        quota=2,
    )
    first = approved(workshop.event, world.afghanistan, "Amina One")
    second = approved(workshop.event, world.afghanistan, "Bolat Two")
    waiting = approved(workshop.event, world.kazakhstan, "Chinara Three")
    pending = register(workshop.event, world.kazakhstan, "Dana Four")
    # Withdraws before attending: one who attended can no longer withdraw.
    leaving = register(workshop.event, world.kazakhstan, "Eldar Seven")
    services.registration_withdraw(actor=None, registration=second, now=at(7))
    services.attendance_check_in(
        actor=admin, session=workshop.morning, registration=first, now=at(9)
    )
    enrolment = services.farmer_enrol(
        actor=None,
        course=farm.course,
        phone="+93700000001",
        district=world.hirat,
        sex="f",
        language="ps",
        pin="2468",
    )
    retired = services.lesson_retire(
        actor=admin,
        lesson=services.lesson_add(
            actor=admin, course=farm.course, position=8, title="Old lesson", body="Retired."
        ),
    )
    survey = services.survey_create(
        actor=admin, title="Workshop feedback", event=workshop.event, purpose="feedback"
    )
    services.survey_question_add(
        actor=admin,
        survey=survey,
        label="Was it useful?",
        kind="single",
        options=[services.OptionText("Yes", {"ar": "نعم"}), services.OptionText("No", {})],
    )
    sent = services.survey_create(actor=admin, title="Monitoring", purpose="monitoring")
    services.survey_question_add(actor=admin, survey=sent, label="Comments", kind="text")
    services.survey_send(actor=admin, survey=sent, emails=["first@example.org"])
    answering = services.survey_create(actor=admin, title="Answered", purpose="other")
    services.survey_question_add(actor=admin, survey=answering, label="Score", kind="scale")
    token = "walk-token"
    SurveyInvitation.objects.create(
        survey=answering,
        email="respondent@example.org",
        token_digest=token_digest(token),
        sent_at=at(17),
    )
    told = services.survey_create(actor=admin, title="Told in words", purpose="monitoring")
    comments = services.survey_question_add(
        actor=admin, survey=told, label="Anything else?", kind="text"
    )
    [interview] = services.survey_invite(
        actor=admin, survey=told, recipients=[services.Recipient(language="en")]
    )
    services.survey_respond(
        actor=None,
        invitation=interview.invitation,
        answers={comments.pk: "My neighbour took the flour for me"},
    )
    report = b"User Email,Join Time,Leave Time\namina@example.org,2021-12-22 13:00:00,2021-12-22 14:00:00\n"
    return {
        "event_create": lambda: services.event_create(
            actor=admin,
            title="Meeting",
            kind="meeting",
            modality="in_person",
            starts_on=datetime.date(2022, 1, 1),
            ends_on=datetime.date(2022, 1, 1),
        ),
        "session_add": lambda: services.session_add(
            actor=admin, event=workshop.event, title="Closing", starts_at=at(15), ends_at=at(16)
        ),
        "question_add": lambda: services.question_add(
            actor=admin, event=workshop.event, label="Diet", kind="text"
        ),
        "delegation_create": lambda: services.delegation_create(
            actor=admin, event=workshop.event, country=world.afghanistan, focal_point=admin, quota=1
        ),
        "registration_submit": lambda: register(workshop.event, world.kazakhstan, "Erlan Five"),
        "registration_approve": lambda: services.registration_approve(
            actor=admin, registration=pending
        ),
        "registration_reject": lambda: services.registration_reject(
            actor=admin, registration=pending, reason="Not a government official"
        ),
        "registration_withdraw": lambda: services.registration_withdraw(
            actor=None, registration=leaving
        ),
        "offer_accept": lambda: services.offer_accept(actor=None, registration=waiting, now=at(8)),
        "registrations_close_due": lambda: services.registrations_close_due(actor=admin),
        "registration_tallies_rebuild": lambda: services.registration_tallies_rebuild(actor=admin),
        "offers_expire": lambda: services.offers_expire(
            actor=None, now=at(7) + datetime.timedelta(days=3)
        ),
        "delegate_nominate": lambda: services.delegate_nominate(
            actor=focal_point,
            delegation=delegation,
            full_name="Nurlan Six",
            email="nurlan@example.org",
            institution="Ministry of Agriculture",
            role="legislator",
        ),
        "reminders_send": lambda: services.reminders_send(
            actor=admin, event=workshop.event, now=at(8)
        ),
        "reminders_send_due": lambda: services.reminders_send_due(
            actor=None, today=workshop.event.starts_on - datetime.timedelta(days=2)
        ),
        "attendance_check_in": lambda: services.attendance_check_in(
            actor=admin, session=workshop.afternoon, registration=first, now=at(13)
        ),
        "attendance_import": lambda: services.attendance_import(
            actor=admin, session=workshop.afternoon, report=report
        ),
        "certificate_issue": lambda: (
            services.attendance_check_in(
                actor=admin, session=workshop.afternoon, registration=first
            ),
            services.certificate_issue(actor=admin, registration=first),
        ),
        "course_create": lambda: services.course_create(
            actor=admin, title="Storing grain", country=world.afghanistan, languages=["fa-af"]
        ),
        "lesson_add": lambda: services.lesson_add(
            actor=admin, course=farm.course, position=9, title="Harvest", body="Cut when dry."
        ),
        "farmer_enrol": lambda: services.farmer_enrol(
            actor=None,
            course=farm.course,
            phone="+93700000002",
            district=world.kabul,
            sex="m",
            language="fa-af",
            pin="1357",
        ),
        "lesson_complete": lambda: services.lesson_complete(
            actor=None, enrolment=enrolment, lesson=farm.lessons[0]
        ),
        "event_update": lambda: services.event_update(
            actor=admin, event=workshop.event, venue="Jeddah"
        ),
        "event_cancel": lambda: services.event_cancel(
            actor=admin, event=workshop.event, reason="Postponed to spring", now=at(8)
        ),
        # The day before: registration closes by itself when the workshop starts.
        "event_registration_close": lambda: services.event_registration_close(
            actor=admin, event=workshop.event, now=at(8, day=DAY - datetime.timedelta(days=1))
        ),
        "session_remove": lambda: services.session_remove(
            actor=admin,
            session=services.session_add(
                actor=admin, event=workshop.event, title="Spare", starts_at=at(17), ends_at=at(18)
            ),
        ),
        "session_update": lambda: services.session_update(
            actor=admin, session=workshop.morning, title="Country experiences (1)"
        ),
        "course_update": lambda: services.course_update(
            actor=admin, course=farm.course, summary="Short lessons, with audio."
        ),
        "lesson_update": lambda: services.lesson_update(
            actor=admin, lesson=farm.lessons[0], body="Sow in straight rows."
        ),
        "lesson_remove": lambda: services.lesson_remove(actor=admin, lesson=farm.lessons[1]),
        "lesson_retire": lambda: services.lesson_retire(actor=admin, lesson=farm.lessons[1]),
        "lesson_restore": lambda: services.lesson_restore(actor=admin, lesson=retired),
        "survey_create": lambda: services.survey_create(
            actor=admin, title="Post-distribution monitoring", purpose="monitoring"
        ),
        "survey_question_add": lambda: services.survey_question_add(
            actor=admin, survey=survey, label="What did you learn?", kind="text"
        ),
        "survey_send": lambda: services.survey_send(
            actor=admin, survey=survey, emails=["someone@example.org"]
        ),
        "survey_invite": lambda: services.survey_invite(
            actor=admin,
            survey=survey,
            recipients=[services.Recipient(language="ar"), services.Recipient(language="fr")],
        ),
        "survey_close": lambda: services.survey_close(actor=admin, survey=sent),
        "survey_respond": lambda: services.survey_respond(
            actor=None, token=token, answers={}, language="en"
        ),
        "survey_answer_texts_forget": lambda: services.survey_answer_texts_forget(
            actor=admin, invitations=[interview.invitation]
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public learning service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    workshop, farm = make_workshop(), make_farm_course(world)
    return calls(world, admin, workshop, farm), ()

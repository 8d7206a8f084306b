"""Every service in learning.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from sunbula.core.models import AuditEntry, Role, User
from sunbula.learning import services
from sunbula.learning.models import Registration
from tests.conftest import World, make_persona
from tests.learning.conftest import FarmCourse, Workshop, approved, at, register

pytestmark = pytest.mark.django_db


def _calls(
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
            actor=None, registration=first
        ),
        "offer_accept": lambda: services.offer_accept(actor=None, registration=waiting, now=at(8)),
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
        "reminders_send": lambda: services.reminders_send(actor=admin, event=workshop.event),
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
        ),
        "lesson_complete": lambda: services.lesson_complete(
            actor=None, enrolment=enrolment, lesson=farm.lessons[0]
        ),
    }


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__.startswith(services.__name__) and not name.startswith("_")
    }


def test_every_service_is_walked(
    world: World, admin: User, workshop: Workshop, farm_course: FarmCourse
) -> None:
    assert public_services() == set(_calls(world, admin, workshop, farm_course))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(
    name: str, world: World, admin: User, workshop: Workshop, farm_course: FarmCourse
) -> None:
    call = _calls(world, admin, workshop, farm_course)[name]
    before = AuditEntry.objects.count()
    call()
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(new) >= 1, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("learning."), entry.action
        assert entry.object_repr


def test_a_withdrawal_records_before_and_after(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina One")
    services.registration_withdraw(actor=None, registration=amina)
    entry = AuditEntry.objects.get(action="learning.registration.withdrawn")
    assert entry.before["status"] == Registration.Status.APPROVED
    assert entry.after["status"] == Registration.Status.WITHDRAWN


def test_a_delegation_cannot_exceed_its_quota(
    workshop: Workshop, world: World, admin: User
) -> None:
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
        quota=1,
    )
    nominee = services.delegate_nominate(
        actor=focal_point,
        delegation=delegation,
        full_name="Nurlan Six",
        email="nurlan@example.org",
        institution="Ministry of Agriculture",
        role="legislator",
    )
    # Nominees skip approval and belong to Kazakhstan's delegation.
    assert nominee.status == Registration.Status.APPROVED and nominee.country == world.kazakhstan
    with pytest.raises(services.RegistrationRefused, match="quota"):
        services.delegate_nominate(
            actor=focal_point,
            delegation=delegation,
            full_name="Aliya Seven",
            email="aliya@example.org",
            institution="Ministry of Agriculture",
            role="legislator",
        )
    with pytest.raises(services.RegistrationRefused, match="focal point"):
        services.delegate_nominate(
            actor=make_persona("someone@example.org", None, world.iofs, []),
            delegation=delegation,
            full_name="Aliya Seven",
            email="aliya@example.org",
            institution="Ministry of Agriculture",
            role="legislator",
        )

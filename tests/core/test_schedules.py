"""The clock moves across an agreement's end, a registration deadline, an offer's lapse and a
pledge's 90th day; each schedule changes what it must, mails and notifies exactly once."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from sunbula.core import services as core_services
from sunbula.core.models import Notification, ScheduleRun, User
from sunbula.core.schedules import run_due, schedules
from sunbula.funding.models import Pledge, PledgeReminder
from sunbula.learning import services as learning_services
from sunbula.learning.models import Event, Registration
from sunbula.partners import selectors as partner_selectors
from sunbula.partners import services as partner_services
from sunbula.partners.models import Agreement
from tests.conftest import World
from tests.funding.conftest import kzt_pledge, make_money
from tests.partners.conftest import signed_agreement

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
Capture = Callable[..., AbstractContextManager[Any]]


def moment(day: int, hour: int, month: int = 1) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, 0, tzinfo=UTC)


@dataclass
class Timeline:
    agreement: Agreement
    closing: Event
    full: Event
    waiting: Registration
    next_waiting: Registration
    pledge: Pledge
    owner: User


def _event(title: str, **values: Any) -> Event:
    return learning_services.event_create(
        actor=None,
        title=title,
        kind="workshop",
        modality="online",
        meeting_link="https://meet.example.org/fsg",
        time_zone="UTC",
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 1),
        working_language="en",
        **values,
    )


def _register(event: Event, world: World, name: str, language: str = "en") -> Registration:
    return learning_services.registration_submit(
        actor=None,
        event=event,
        full_name=name,
        email=f"{name.lower()}@example.org",
        country=world.afghanistan,
        institution="Ministry of Agriculture",
        role="strategic_planner",
        language=language,
    )


def _make_timeline(world: World, admin: User, officer_afg: User) -> Timeline:
    unama = core_services.organisation_create(
        actor=None, name="UNAMA", acronym="UNAMA", kind="un_agency", iati_type="40"
    )
    agreement = signed_agreement(admin, world, unama)
    partner_services.agreement_activate(
        actor=admin,
        agreement=agreement,
        valid_from=datetime.date(2023, 4, 1),
        valid_until=datetime.date(2025, 1, 31),
    )
    owner = core_services.user_set_language(actor=officer_afg, user=officer_afg, language="ar")
    partner_services.obligation_add(
        actor=admin,
        agreement=agreement,
        description="Quarterly report",
        description_translations={"ar": "التقرير الفصلي"},
        due_on=datetime.date(2025, 1, 25),
        owner=owner,
    )
    closing = _event("Governance workshop", registration_closes=moment(22, 12))
    full = _event("Seed systems training", capacity=1, approval_required=False)
    _register(full, world, "Amina")
    waiting = _register(full, world, "Bolat", language="ru")
    next_waiting = _register(full, world, "Chinara", language="ar")
    learning_services.registration_withdraw(
        actor=None, registration=Registration.objects.get(email="amina@example.org")
    )
    donor = partner_services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )
    focal_point = partner_services.focal_point_add(
        actor=admin,
        partner=donor,
        title="Deputy Minister",
        name="Aigerim Bekova",
        organisation=world.kazakhstan_government,
        email="focal@gov.example.kz",
    )
    pledge = kzt_pledge(
        world,
        make_money(world),
        pledged_on=datetime.date(2024, 10, 25),  # its 90th day is 23 January 2025
        focal_point=focal_point,
        amount=Decimal(4500000),
    )
    return Timeline(agreement, closing, full, waiting, next_waiting, pledge, owner)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(moment(20, 9), tick=False) as traveller:
        yield traveller


def _run(capture: Capture) -> tuple[list[str], list[EmailMultiAlternatives]]:
    """Run what is due, with the e-mails that leave after commit; then once more at the
    same moment, which must queue, mail and notify nothing."""
    before = len(mail.outbox)
    with capture(execute=True):
        queued = run_due()
    sent = list(mail.outbox[before:])
    notices = Notification.objects.count()
    with capture(execute=True):
        assert run_due() == []
    assert len(mail.outbox) == before + len(sent)
    assert Notification.objects.count() == notices
    return queued, sent  # type: ignore[return-value]


def _html(message: EmailMultiAlternatives) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return str(html)


def test_each_schedule_changes_mails_and_notifies_exactly_once(
    world: World,
    admin: User,
    officer_afg: User,
    clock: time_machine.Coordinates,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    base = settings.SUNBULA_BASE_URL
    timeline = _make_timeline(world, admin, officer_afg)
    timeline.waiting.refresh_from_db()
    assert timeline.waiting.status == Registration.Status.OFFERED
    # The agreement ends within the warning window: it is in the alerts.
    assert timeline.agreement in partner_selectors.alerts(user=admin).expiring

    # 20 January: every schedule runs once; the pledge is 87 days old (its 60-day mark).
    queued, _sent = _run(django_capture_on_commit_callbacks)
    assert sorted(queued) == sorted(schedule.name for schedule in schedules())
    assert ScheduleRun.objects.filter(outcome=ScheduleRun.Outcome.SUCCEEDED).count() == len(queued)
    assert list(PledgeReminder.objects.values_list("day_mark", flat=True)) == [60]

    # 22 January, 12:30: registration has closed at its closing time; Bolat's offer lapsed
    # and the place is offered to Chinara, in Arabic, once.
    clock.move_to(moment(22, 12) + datetime.timedelta(minutes=30))
    queued, sent = _run(django_capture_on_commit_callbacks)
    assert {"learning.registrations_close", "learning.offers_lapse"} <= set(queued)
    timeline.closing.refresh_from_db()
    assert timeline.closing.registration_closed_at == moment(22, 12) + datetime.timedelta(
        minutes=30
    )
    with pytest.raises(learning_services.RegistrationRefused):
        _register(timeline.closing, world, "Dana")
    timeline.waiting.refresh_from_db()
    timeline.next_waiting.refresh_from_db()
    assert timeline.waiting.status == Registration.Status.OFFER_EXPIRED
    assert timeline.next_waiting.status == Registration.Status.OFFERED
    (offer,) = sent
    assert offer.to == ["chinara@example.org"]
    assert f"{base}/ar/learning/r/{timeline.next_waiting.token}/" in offer.body
    assert 'dir="rtl"' in _html(offer)
    assert 'lang="ar"' in _html(offer)

    # 23 January, 08:00: the pledge's 90th day has passed its morning reminder.
    clock.move_to(moment(23, 8))
    _queued, sent = _run(django_capture_on_commit_callbacks)
    (reminder,) = sent
    assert reminder.to == ["focal@gov.example.kz"]
    assert timeline.pledge.reference in reminder.subject
    assert f"{base}/en/funding/pledges/{timeline.pledge.pk}/" in reminder.body
    assert 'dir="ltr"' in _html(reminder)
    assert list(PledgeReminder.objects.values_list("day_mark", flat=True)) == [60, 90]

    # 26 January, 07:00: the quarterly report is overdue; its owner reads it in Arabic.
    clock.move_to(moment(26, 7))
    _queued, sent = _run(django_capture_on_commit_callbacks)
    (overdue,) = sent
    notice = Notification.objects.get(recipient=timeline.owner)
    assert overdue.to == [timeline.owner.email]
    assert "التقرير الفصلي" in overdue.subject
    assert notice.subject == overdue.subject
    assert f"{base}/ar/partners/agreements/{timeline.agreement.pk}/" in overdue.body
    assert 'dir="rtl"' in _html(overdue)

    # 1 February: the agreement has expired through its service; nothing else is sent.
    timeline.agreement.refresh_from_db()
    assert timeline.agreement.status == Agreement.Status.ACTIVE
    clock.move_to(moment(1, 1, month=2))
    _queued, sent = _run(django_capture_on_commit_callbacks)
    assert sent == []
    timeline.agreement.refresh_from_db()
    assert timeline.agreement.status == Agreement.Status.EXPIRED
    assert timeline.agreement not in partner_selectors.alerts(user=admin).expiring
    assert Notification.objects.filter(recipient=timeline.owner).count() == 1
    assert PledgeReminder.objects.count() == 2


def test_a_failing_schedule_is_recorded_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, clock: time_machine.Coordinates
) -> None:
    def broken(*, actor: object) -> int:
        raise RuntimeError("mail server unreachable")

    monkeypatch.setattr(partner_services, "overdue_owners_notify", broken)
    run_due()
    run = ScheduleRun.objects.get(name="partners.overdue_work_notify")
    assert run.outcome == ScheduleRun.Outcome.FAILED
    assert run.message == "RuntimeError: mail server unreachable"
    assert run.finished_at is not None
    # The other schedules ran regardless.
    assert ScheduleRun.objects.filter(outcome=ScheduleRun.Outcome.SUCCEEDED).count() == (
        len(schedules()) - 1
    )


def test_a_period_claimed_by_another_worker_is_not_run_again(
    clock: time_machine.Coordinates,
) -> None:
    schedule = next(s for s in schedules() if s.name == "learning.offers_lapse")
    ScheduleRun.objects.create(name=schedule.name, due_at=schedule.due_at(moment(20, 9)))
    assert schedule.name not in run_due()
    assert ScheduleRun.objects.filter(name=schedule.name).count() == 1
    clock.move_to(moment(20, 9) + datetime.timedelta(minutes=15))
    assert schedule.name in run_due()


def test_the_demo_events_of_2021_and_2022_stop_taking_sign_ups(demo: None) -> None:
    # Tasks run as they are queued (this module's autouse fixture).
    open_before = set(
        Event.objects.filter(
            starts_on__lt=datetime.date(2023, 1, 1), registration_closed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    assert len(open_before) >= 2
    run_due()
    assert not Event.objects.filter(pk__in=open_before, registration_closed_at__isnull=True)
    assert "learning.registrations_close" in {run.name for run in ScheduleRun.objects.all()}

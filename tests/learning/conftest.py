"""An online workshop with two sessions and a farmer course, made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from sunbula.core.models import Country, Role, User
from sunbula.learning import services
from sunbula.learning.models import Course, Event, EventSession, Lesson, Registration
from tests.conftest import World, make_persona

UTC = datetime.UTC
DAY = datetime.date(2021, 12, 22)
# When the workshop's participants registered: before it, as registration closes once an
# event is over.
REGISTERED_AT = datetime.datetime(2021, 12, 1, 9, tzinfo=UTC)


def at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@dataclass
class Workshop:
    event: Event
    morning: EventSession
    afternoon: EventSession


@pytest.fixture
def organiser(world: World) -> User:
    return make_persona("organiser@example.org", Role.EVENT_ORGANISER, world.iofs, [])


@pytest.fixture
def focal(world: World) -> User:
    """Kazakhstan's country focal point, who nominates officials for its delegations."""
    return make_persona(
        "focal.kaz@example.org",
        Role.COUNTRY_FOCAL_POINT,
        world.kazakhstan_government,
        [world.kazakhstan],
        full_name="Aigerim Bekova",
    )


# An official nominated into a delegation, as the nomination form and the API take them.
NOMINATION = {
    "full_name": "Nurlan Seitkali",
    "email": "nurlan@example.org",
    "institution": "Ministry of Agriculture",
    "role": "legislator",
    "language": "ru",
    "listening_language": "ru",
}


def make_event(
    *, capacity: int | None = 2, approval_required: bool = True, **values: object
) -> Event:
    return services.event_create(
        actor=None,
        **{
            "title": "Food security governance workshop",
            "title_translations": {"ar": "ورشة حوكمة الأمن الغذائي"},
            "starts_on": DAY,
            "ends_on": DAY,
            **values,
        },
        kind="workshop",
        modality="online",
        meeting_link="https://meet.example.org/fsg",
        time_zone="UTC",
        working_language="en",
        interpretation_languages=["ar", "fr", "ru"],
        capacity=capacity,
        approval_required=approval_required,
    )


def make_workshop(day: datetime.date = DAY) -> Workshop:
    event = make_event(starts_on=day, ends_on=day)
    morning = services.session_add(
        actor=None,
        event=event,
        title="Country experiences",
        starts_at=at(9, day=day),
        ends_at=at(11, day=day),
    )
    afternoon = services.session_add(
        actor=None,
        event=event,
        title="Discussion",
        starts_at=at(13, day=day),
        ends_at=at(14, day=day),
    )
    return Workshop(event, morning, afternoon)


def register(
    event: Event,
    country: Country,
    name: str,
    *,
    language: str = "en",
    listening_language: str = "en",
    email: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    return services.registration_submit(
        actor=None,
        event=event,
        full_name=name,
        email=email or f"{name.split()[0].lower()}@example.org",
        country=country,
        institution="Ministry of Agriculture",
        role="strategic_planner",
        language=language,
        listening_language=listening_language,
        now=now or REGISTERED_AT,
    )


def approved(event: Event, country: Country, name: str, **values: object) -> Registration:
    registration = register(event, country, name, **values)  # type: ignore[arg-type]
    return services.registration_approve(actor=None, registration=registration)


@dataclass
class FarmCourse:
    course: Course
    lessons: list[Lesson]


def make_farm_course(world: World) -> FarmCourse:
    course = services.course_create(
        actor=None,
        title="Growing wheat",
        title_translations={"fa-af": "کشت گندم", "ps": "د غنمو کرنه"},
        summary="Short lessons.",
        summary_translations={"fa-af": "درس‌های کوتاه", "ps": "لنډ درسونه"},
        country=world.afghanistan,
        languages=["fa-af", "ps", "en"],
    )
    lessons = [
        services.lesson_add(
            actor=None,
            course=course,
            position=position,
            title=f"Lesson {position}",
            title_translations={"fa-af": f"درس {position}", "ps": f"لوست {position}"},
            body="Sow in rows.",
            body_translations={"fa-af": "به قطار کشت کنید.", "ps": "په کرښو کې وکرئ."},
        )
        for position in (1, 2)
    ]
    return FarmCourse(course, lessons)


@pytest.fixture
def workshop(world: World) -> Workshop:
    return make_workshop()


@pytest.fixture
def farm_course(world: World) -> FarmCourse:
    return make_farm_course(world)


@pytest.fixture(autouse=True)
def _fresh_attempt_counts() -> None:
    """Failed PIN attempts are counted in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()

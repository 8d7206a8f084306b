"""Every read of events, registrations, attendance and farmer courses, scoped to the user.

The public pages (registration form, certificate check, farmer courses) read through the
`public_*` selectors, which show only what is meant for everyone.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sunbula.core.access import AnyUser, require_permission
from sunbula.core.figures import in_digits, latin_digits
from sunbula.core.lists import joined
from sunbula.core.models import AdminArea, User
from sunbula.core.multilingual import localized
from sunbula.core.permissions import ROLE_PERMISSIONS
from sunbula.core.selectors import matching, where_given
from sunbula.learning.access import (
    decides_on_every_registration,
    may_nominate,
    may_record_nomination,
)
from sunbula.learning.access import registrations as registrations_in_scope
from sunbula.learning.models import (
    FREES_A_DELEGATION_PLACE,
    LISTENING_LANGUAGES,
    Attendance,
    Certificate,
    Course,
    CourseCertificate,
    Delegation,
    Enrolment,
    Event,
    EventSession,
    Lesson,
    Registration,
    RegistrationTally,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.services.courses import phone_digest, phone_digests
from sunbula.learning.services.surveys import token_digest
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm

EVENT_STATES = ("upcoming", "past", "cancelled")


def event_list(
    *,
    user: AnyUser,
    search: str = "",
    kind: str = "",
    modality: str = "",
    country: str = "",
    state: str = "",
    project: Project | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Event]:
    """Events in scope; `country` is an ISO3 code, `state` one of EVENT_STATES, `project` one
    the user may see (`project_options`)."""
    scope = require_permission(user, LearningPerm.VIEW_EVENT)
    events = scope.filter(Event.objects.select_related("programme", "country"))
    events = matching(
        events, search, "title__icontains", "title_translations__icontains", "venue__icontains"
    )
    events = where_given(
        events, kind=kind, modality=modality, country__iso3=country.upper(), project=project
    )
    today = today or timezone.localdate()
    if state == "cancelled":
        events = events.filter(cancelled_at__isnull=False)
    elif state == "upcoming":
        events = events.filter(cancelled_at__isnull=True, ends_on__gte=today)
    elif state == "past":
        events = events.filter(cancelled_at__isnull=True, ends_on__lt=today)
    # The approved participants of each event shown, from the tallies the services keep.
    approved = RegistrationTally.objects.filter(
        event=OuterRef("pk"), status=Registration.Status.APPROVED
    ).values("registrations")
    return events.annotate(approved=Coalesce(Subquery(approved), 0)).order_by("-starts_on", "pk")


def project_options(*, user: AnyUser) -> QuerySet[Project]:
    """The projects the event list is narrowed to: those the user may see."""
    return Project.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by("code", "pk")


def registrations_by_status(*, user: AnyUser, events: QuerySet[Event]) -> dict[str, int]:
    """The registrations to `events` (an `event_list`, its filters applied) by status, in
    the order of the statuses: every participant's, as the list counts approved participants.
    Read from the events' tallies, which the registration services keep."""
    require_permission(user, LearningPerm.VIEW_EVENT)
    counted = dict(
        RegistrationTally.objects.filter(
            event__in=events.order_by().values("pk"), registrations__gt=0
        )
        .order_by()
        .values_list("status")
        .annotate(n=Sum("registrations"))
        .values_list("status", "n")
    )
    return {status: counted[status] for status in Registration.Status.values if status in counted}


def registration_list(
    *, user: AnyUser, event: Event, status: str = "", search: str = ""
) -> QuerySet[Registration]:
    """The event's registrations from the countries the user may manage."""
    require_permission(user, LearningPerm.MANAGE_REGISTRATION)
    registrations = (
        registrations_in_scope(user).filter(event=event).select_related("delegation", "certificate")
    )
    registrations = where_given(registrations, status=status)
    registrations = matching(
        registrations, search, "full_name__icontains", "email__icontains", "institution__icontains"
    )
    return registrations.order_by("submitted_at", "pk")


def delegation_list(*, user: AnyUser, event: Event) -> QuerySet[Delegation]:
    """The event's delegations, each with the places its nominees take of its quota
    (`taken`), counted as the quota counts them."""
    require_permission(user, LearningPerm.VIEW_EVENT)
    holding = ~Q(members__status__in=FREES_A_DELEGATION_PLACE)
    return (
        event.delegations.select_related("country", "focal_point")
        .annotate(taken=Count("members", filter=holding))
        .order_by("country__name", "pk")
    )


def places_taken(members: Iterable[Registration]) -> int:
    """How many of a delegation's `members` take a place of its quota."""
    return sum(1 for member in members if member.status not in FREES_A_DELEGATION_PLACE)


def delegation_members(*, user: AnyUser, delegation: Delegation) -> QuerySet[Registration]:
    """The officials nominated into `delegation`, for whoever `fetch_delegation` let nominate
    into it (its focal point, an organiser recording nominations): in the order they came."""
    if not may_nominate(user, delegation) and not may_record_nomination(user, delegation):
        raise PermissionDenied
    return delegation.members.order_by("submitted_at", "pk")


def focal_point_candidates() -> QuerySet[User]:
    """Who a delegation's focal point is chosen among: active users whose roles nominate
    officials (in some countries; the delegation's country is checked when it is made)."""
    roles = [
        role
        for role, permissions in ROLE_PERMISSIONS.items()
        if LearningPerm.NOMINATE_DELEGATE in permissions
    ]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role_assignments__role__in=roles) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name", "email")
    )


@dataclass(frozen=True)
class Headcount:
    language: str
    label: str
    participants: int
    # Whether the event is held or interpreted in the language: one dropped from its
    # interpretation after participants chose it still counts them, marked as not offered.
    offered: bool = True


def interpretation_headcount(*, user: AnyUser, event: Event) -> list[Headcount]:
    """Approved participants per listening language, so interpreters can be booked: every
    language the event offers, then any other its approved participants listen in; the
    rows add up to the approved participants."""
    require_permission(user, LearningPerm.VIEW_EVENT)
    counts = Counter(
        Registration.objects.filter(event=event, status="approved").values_list(
            "listening_language", flat=True
        )
    )
    offered = {event.working_language, *event.interpretation_languages}
    return [
        Headcount(code, str(label), counts.get(code, 0))
        for code, label in LISTENING_LANGUAGES
        if code in offered
    ] + [
        Headcount(code, str(label), counts[code], offered=False)
        for code, label in LISTENING_LANGUAGES
        if code not in offered and counts.get(code)
    ]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    # Every participant's, as the event list counts them.
    total: int
    # Those of them the user may decide on (`registration_list`), where that is fewer.
    yours: int | None = None


def status_counts(*, user: AnyUser, event: Event) -> list[StatusCount]:
    """The event's registrations by status, as the event list counts them, each with how
    many come from the countries the user may manage where those hold fewer."""
    require_permission(user, LearningPerm.MANAGE_REGISTRATION)
    totals = registrations_by_status(user=user, events=Event.objects.filter(pk=event.pk))
    yours: dict[str, int] | None = None
    if totals and not decides_on_every_registration(user):
        yours = dict(
            registration_list(user=user, event=event)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    return [
        StatusCount(
            status,
            str(Registration.Status(status).label),
            total,
            None if yours is None or yours.get(status, 0) >= total else yours.get(status, 0),
        )
        for status, total in totals.items()
    ]


def session_list(*, user: AnyUser, event: Event) -> QuerySet[EventSession]:
    require_permission(user, LearningPerm.VIEW_EVENT)
    return event.sessions.annotate(present=Count("attendances")).order_by("starts_at")


def check_in_list(*, user: AnyUser, session: EventSession) -> list[tuple[Registration, bool]]:
    """Approved participants of the session's event, and whether each has checked in."""
    registrations = registration_list(user=user, event=session.event, status="approved")
    present = set(
        Attendance.objects.filter(session=session, checked_in_at__isnull=False).values_list(
            "registration_id", flat=True
        )
    )
    return [(registration, registration.pk in present) for registration in registrations]


def attendance_list(*, user: AnyUser, session: EventSession) -> QuerySet[Attendance]:
    scope = require_permission(user, LearningPerm.MANAGE_REGISTRATION)
    return scope.filter(
        Attendance.objects.filter(session=session).select_related("registration", "session"),
        country_field="registration__country",
    ).order_by("registration__full_name")


def course_list(*, user: AnyUser, search: str = "", country: str = "") -> QuerySet[Course]:
    scope = require_permission(user, LearningPerm.VIEW_COURSE)
    courses = scope.filter(Course.objects.select_related("country"))
    courses = matching(courses, search, "title__icontains", "title_translations__icontains")
    courses = where_given(courses, country__iso3=country.upper())
    return courses.annotate(
        enrolled=Count("enrolments", distinct=True),
        completed=Count(
            "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
        ),
    ).order_by("title")


@dataclass(frozen=True)
class CompletionRow:
    district: str
    p_code: str
    female_enrolled: int
    female_completed: int
    male_enrolled: int
    male_completed: int


def completion_report(*, user: AnyUser, course: Course) -> list[CompletionRow]:
    """Enrolments and completions of a course by district and sex."""
    scope = require_permission(user, LearningPerm.VIEW_COURSE)
    if not scope.covers_country(course.country_id):
        raise Http404
    rows = (
        Enrolment.objects.filter(course=course)
        .values("district__name", "district__name_translations", "district__p_code", "sex")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by("district__p_code", "sex")
    )
    districts: dict[str, str] = {}
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows:
        p_code = row["district__p_code"]
        districts[p_code] = localized(row["district__name"], row["district__name_translations"])
        counts[(p_code, row["sex"])] = (row["enrolled"], row["completed"])
    return [
        CompletionRow(
            district=name,
            p_code=p_code,
            female_enrolled=counts.get((p_code, "f"), (0, 0))[0],
            female_completed=counts.get((p_code, "f"), (0, 0))[1],
            male_enrolled=counts.get((p_code, "m"), (0, 0))[0],
            male_completed=counts.get((p_code, "m"), (0, 0))[1],
        )
        for p_code, name in districts.items()
    ]


def completion_total(rows: Iterable[CompletionRow]) -> CompletionRow:
    """The report's totals: each column of `rows` (every district) added up."""
    rows = list(rows)
    return CompletionRow(
        district="",
        p_code="",
        female_enrolled=sum(row.female_enrolled for row in rows),
        female_completed=sum(row.female_completed for row in rows),
        male_enrolled=sum(row.male_enrolled for row in rows),
        male_completed=sum(row.male_completed for row in rows),
    )


# Public reads: only what an anonymous visitor is meant to see.


def public_event(pk: int) -> Event:
    """An event open for registration on the public page."""
    try:
        return Event.objects.get(pk=pk)
    except Event.DoesNotExist as missing:
        raise Http404 from missing


def events_open_for_registration(
    *, now: datetime.datetime | None = None, limit: int = 10
) -> list[Event]:
    """Events anyone may register for now, as `Event.closed_to_registration` finds: not
    cancelled, registration open, and not over where each is held (a day either side of the
    server's date is asked of the database, the event's own day of each event)."""
    now = now or timezone.now()
    candidates = (
        Event.objects.filter(
            cancelled_at__isnull=True,
            registration_closed_at__isnull=True,
            ends_on__gte=now.astimezone(datetime.UTC).date() - datetime.timedelta(days=1),
        )
        .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
        .order_by("starts_on", "pk")
    )
    open_now = (event for event in candidates.iterator() if not event.closed_to_registration(now))
    return list(itertools.islice(open_now, limit))


def public_registration(token: str) -> Registration:
    try:
        return Registration.objects.select_related("event", "country").get(token=token)
    except Registration.DoesNotExist as missing:
        raise Http404 from missing


def certificate_by_code(code: str) -> Certificate | None:
    code = code.strip().upper()
    if not code:
        return None
    return (
        Certificate.objects.select_related("registration__event", "registration__country")
        .filter(code=code)
        .first()
    )


def course_certificate_by_code(code: str) -> CourseCertificate | None:
    """A farmer's course certificate by its code, with what the verification page shows."""
    code = code.strip().upper()
    if not code:
        return None
    return (
        CourseCertificate.objects.select_related("enrolment__course", "enrolment__district")
        .filter(code=code)
        .first()
    )


def course_certificate_of(enrolment: Enrolment) -> CourseCertificate | None:
    return CourseCertificate.objects.filter(enrolment=enrolment).first()


def certificate_of(registration: Registration) -> Certificate | None:
    """The registration's certificate while it stands: none once it is revoked (the
    participant withdrew), so it is neither offered nor downloaded."""
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is None:
        return None
    certificate.registration = registration
    return None if certificate.validity_problem() else certificate


def public_courses(language: str) -> list[Course]:
    return [course for course in Course.objects.order_by("title") if language in course.languages]


def public_course(pk: int, language: str) -> Course:
    course = Course.objects.filter(pk=pk).first()
    if course is None or language not in course.languages:
        raise Http404
    return course


def public_lessons(course: Course) -> QuerySet[Lesson]:
    """The lessons farmers see: every one but those retired."""
    return course.lessons.filter(retired_at__isnull=True).order_by("position")


def public_lesson(pk: int, language: str) -> Lesson:
    lesson = Lesson.objects.select_related("course").filter(pk=pk, retired_at__isnull=True).first()
    if lesson is None or language not in lesson.course.languages:
        raise Http404
    return lesson


def enrolment_by_id(pk: int | None, course: Course) -> Enrolment | None:
    if pk is None:
        return None
    return Enrolment.objects.filter(pk=pk, course=course).prefetch_related("lessons_done").first()


def enrolment_phone_key(phone: str) -> str:
    """The keyed hash a phone number is known by (enrolments, attempt counts);
    ValidationError if it is not a phone number."""
    return phone_digest(phone)


def enrolment_resume(*, course: Course, phone: str, pin: str) -> Enrolment | None:
    """The enrolment of this phone in the course if `pin` is its PIN; None otherwise (an
    enrolment without a PIN is never resumed). ValidationError if `phone` is not a number."""
    digests = phone_digests(phone)
    enrolment = Enrolment.objects.filter(course=course, phone_digest__in=digests).first()
    pin = latin_digits(pin)
    if enrolment is None or not enrolment.pin_hash:
        make_password(pin)  # as slow as a real check: the time taken tells nothing
        return None
    # An enrolment hashed in the digits it was typed in: its PIN was typed in them too.
    typed = in_digits(pin, digests[enrolment.phone_digest])
    return enrolment if check_password(typed, enrolment.pin_hash) else None


def districts_for(course: Course) -> QuerySet[AdminArea]:
    """Where a farmer of the course's country lives, each place once: a province's districts
    where Sunbula knows them, else the province itself."""
    areas = AdminArea.objects.filter(country=course.country)
    return areas.exclude(pk__in=areas.filter(children__isnull=False).values("pk")).order_by(
        "p_code"
    )


@dataclass(frozen=True)
class EventFigures:
    """One event of a year: who took part, and who attended at least one session."""

    title: str
    kind: str
    modality: str
    starts_on: datetime.date
    ends_on: datetime.date
    country: str
    programme: str
    participants: int
    attended: int
    countries: int


def events_in_year(*, user: AnyUser, year: int) -> list[EventFigures]:
    """The user's events that began in `year`, with approved participants, those who attended
    a session (present, or online for half of it) and how many countries they came from."""
    events = list(event_list(user=user).filter(starts_on__year=year).order_by("starts_on", "pk"))
    approved = Registration.objects.filter(event__in=events, status=Registration.Status.APPROVED)
    countries = dict(
        approved.values("event_id")
        .annotate(n=Count("country_id", distinct=True))
        .values_list("event_id", "n")
        .order_by()
    )
    attended: dict[int, set[int]] = {}
    for attendance in Attendance.objects.filter(
        registration__in=approved.values("pk")
    ).select_related("session", "registration"):
        if attendance.counts:
            attended.setdefault(attendance.registration.event_id, set()).add(
                attendance.registration_id
            )
    return [
        EventFigures(
            title=event.local_title,
            kind=event.get_kind_display(),
            modality=event.get_modality_display(),
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            country=event.country.local_name if event.country else "",
            programme=event.programme.code if event.programme else "",
            participants=event.approved,  # type: ignore[attr-defined]
            attended=len(attended.get(event.pk, ())),
            countries=countries.get(event.pk, 0),
        )
        for event in events
    ]


@dataclass(frozen=True)
class CountryParticipants:
    country: str
    participants: int


def participants_by_country(*, user: AnyUser, year: int) -> list[CountryParticipants]:
    """Approved participants in the user's events that began in `year`, by their country."""
    events = event_list(user=user).filter(starts_on__year=year)
    rows = (
        Registration.objects.filter(
            event__in=events.values("pk"), status=Registration.Status.APPROVED
        )
        .values("country__name", "country__name_translations")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name")
    )
    return [
        CountryParticipants(
            country=localized(row["country__name"], row["country__name_translations"]),
            participants=row["n"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CourseFigures:
    title: str
    country: str
    enrolled: int
    completed: int


def courses_in_year(*, user: AnyUser, year: int) -> list[CourseFigures]:
    """Farmer courses in the user's countries: enrolments made and courses completed in `year`."""
    courses = course_list(user=user).annotate(
        enrolled_in_year=Count(
            "enrolments", filter=Q(enrolments__enrolled_at__year=year), distinct=True
        ),
        completed_in_year=Count(
            "enrolments", filter=Q(enrolments__completed_at__year=year), distinct=True
        ),
    )
    return [
        CourseFigures(
            title=course.local_title,
            country=course.country.local_name,
            enrolled=course.enrolled_in_year,
            completed=course.completed_in_year,
        )
        for course in courses
        if course.enrolled_in_year or course.completed_in_year
    ]


# Surveys


def survey_list(
    *, user: AnyUser, search: str = "", event: Event | None = None, purpose: str = ""
) -> QuerySet[Survey]:
    scope = require_permission(user, LearningPerm.VIEW_EVENT)
    surveys = scope.filter(Survey.objects.select_related("event", "country", "programme"))
    surveys = matching(surveys, search, "title__icontains", "title_translations__icontains")
    surveys = where_given(surveys, event=event, purpose=purpose)
    return surveys.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("responses", distinct=True),
    ).order_by("-created_at", "-pk")


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.prefetch_related("options"))


@dataclass(frozen=True)
class Bar:
    """One option (or a scale's step) with how many chose it, as a share of respondents."""

    label: str
    count: int
    percent: int

    @property
    def rtl_x(self) -> int:
        """Where the bar starts when the page runs right to left."""
        return 100 - self.percent


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    answered: int
    bars: list[Bar]
    mean: Decimal | None
    texts: list[str]


TEXTS_SHOWN = 50


def survey_results(*, user: AnyUser, survey: Survey) -> tuple[int, list[QuestionResult]]:
    """(responses, a result per question): counts per option or scale step, the mean of a
    number or scale, the latest texts."""
    require_permission(user, LearningPerm.VIEW_EVENT)
    responses = survey.responses.count()
    questions = survey_questions(survey)
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    per_option = dict(
        answers.filter(option__isnull=False)
        .values_list("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    per_number: Counter[tuple[int, Decimal]] = Counter(
        (question_id, number)
        for question_id, number in answers.filter(number__isnull=False).values_list(
            "question_id", "number"
        )
        if number is not None
    )
    answered = dict(
        answers.values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        answers.exclude(text="")
        .order_by("-response__submitted_at")
        .values_list("question_id", "text")
    ):
        shown = texts.setdefault(question_id, [])
        if len(shown) < TEXTS_SHOWN:
            shown.append(text)

    def bar(label: str, count: int) -> Bar:
        return Bar(label, count, round(count * 100 / responses) if responses else 0)

    results = []
    for question in questions:
        bars: list[Bar] = []
        mean: Decimal | None = None
        numbers = [
            (number, count)
            for (question_id, number), count in per_number.items()
            if question_id == question.pk
        ]
        if question.kind in SurveyQuestion.CHOICE_KINDS:
            bars = [
                bar(option.local_name, per_option.get(option.pk, 0))
                for option in question.options.all()
            ]
        elif question.kind == SurveyQuestion.Kind.SCALE:
            steps = Counter({int(number): count for number, count in numbers})
            bars = [bar(str(step), steps.get(step, 0)) for step in question.scale_values]
        total = sum(count for _number, count in numbers)
        if total:
            weighted = sum((number * count for number, count in numbers), Decimal(0))
            mean = (weighted / total).quantize(Decimal("0.01"))
        results.append(
            QuestionResult(
                question, answered.get(question.pk, 0), bars, mean, texts.get(question.pk, [])
            )
        )
    return responses, results


@dataclass(frozen=True)
class ResponseRow:
    """One response as a download's row: each answered question's answer as text and, for a
    choice question, the options chosen."""

    response: SurveyResponse
    texts: dict[int, str]
    chosen: dict[int, frozenset[int]]

    def ticked(self, question_pk: int, option_pk: int) -> int | None:
        """1 when the respondent chose the option, 0 when they answered the question without
        it, None when they left the question unanswered (a 0 there would count as "no")."""
        if question_pk not in self.chosen:
            return None
        return int(option_pk in self.chosen[question_pk])


def survey_response_rows(
    *, user: AnyUser, survey: Survey
) -> tuple[list[SurveyQuestion], list[ResponseRow]]:
    """Every response with its answer to each question, for a download; a choice question's
    options are named in the reader's language, several joined with the reader's comma."""
    require_permission(user, LearningPerm.VIEW_EVENT)
    questions = survey_questions(survey)
    responses = list(survey.responses.prefetch_related("answers").order_by("submitted_at", "pk"))
    rows = []
    for response in responses:
        answers: dict[int, list[SurveyAnswer]] = {}
        for answer in response.answers.all():
            answers.setdefault(answer.question_id, []).append(answer)
        texts: dict[int, str] = {}
        chosen: dict[int, frozenset[int]] = {}
        for question in questions:
            given = answers.get(question.pk)
            if not given:
                continue
            if question.kind in SurveyQuestion.CHOICE_KINDS:
                picked = frozenset(answer.option_id for answer in given if answer.option_id)
                chosen[question.pk] = picked
                # In the order the question offers them, whatever order they were ticked in.
                texts[question.pk] = joined(
                    option.local_name for option in question.options.all() if option.pk in picked
                )
            else:
                texts[question.pk] = joined(_answer_text(answer) for answer in given)
        rows.append(ResponseRow(response, texts, chosen))
    return questions, rows


def _answer_text(answer: SurveyAnswer) -> str:
    if answer.number is not None:
        return f"{answer.number.normalize():f}"
    return answer.text


def public_invitation(token: str) -> SurveyInvitation:
    """The invitation a survey link carries (404 for a code that matches none)."""
    try:
        return SurveyInvitation.objects.select_related("survey").get(
            token_digest=token_digest(token)
        )
    except SurveyInvitation.DoesNotExist as missing:
        raise Http404 from missing

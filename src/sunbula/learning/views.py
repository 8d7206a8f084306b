"""Learning pages: thin views that authorise, call one selector or service, and render.

The registration form, a participant's own page, certificate verification and the farmer
course pages are public by design (@login_not_required); everything else needs a role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import fetch, has_permission, may_open, reaches, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.figures import number_text
from sunbula.core.imports import FileRefused
from sunbula.core.lists import joined
from sunbula.core.privacy import personal_data
from sunbula.core.views import (
    ListPage,
    form_errors_to,
    form_save,
    list_page,
    posted,
    posted_files,
    refused_page,
    run_step,
    save_then_show,
    valid_filters,
)
from sunbula.learning import attempts, selectors, services
from sunbula.learning.access import (
    CHANGING_EVENTS,
    fetch_event,
    fetch_session,
    may_nominate,
    may_record_nomination,
    registration_to_decide,
)
from sunbula.learning.certificates import (
    certificate_pdf,
    course_certificate_pdf,
    course_certificate_verify_url,
    verify_url,
)
from sunbula.learning.forms import (
    AttendanceImportForm,
    CourseFilterForm,
    EnrolForm,
    EventFilterForm,
    RegistrationForm,
    RejectForm,
    ResumeForm,
    VerifyForm,
)
from sunbula.learning.models import (
    Course,
    Enrolment,
    Event,
    Registration,
)
from sunbula.learning.permissions import LearningPerm
from sunbula.programmes.permissions import ProgrammePerm

FARMER_LANGUAGES = ("fa-af", "ps", "en")

# What each list page downloads: the columns it shows, in the same words.
EVENT_COLUMNS: tuple[Column[Event], ...] = (
    Column(gettext_lazy("Event"), lambda event: event.local_title),
    Column(gettext_lazy("Kind"), exports.label(Event, "kind")),
    Column(gettext_lazy("Modality"), exports.label(Event, "modality")),
    Column(capfirst(gettext_lazy("starts on")), lambda event: event.starts_on),
    Column(capfirst(gettext_lazy("ends on")), lambda event: event.ends_on),
    Column(gettext_lazy("Programme"), lambda event: event.programme or ""),
    Column(gettext_lazy("Approved participants"), lambda event: getattr(event, "approved", None)),
    Column(capfirst(gettext_lazy("capacity")), lambda event: event.capacity),
)
REGISTRATION_COLUMNS: tuple[Column[Registration], ...] = (
    Column(gettext_lazy("Name"), lambda registration: registration.full_name),
    Column(gettext_lazy("Country"), lambda registration: registration.country or ""),
    Column(gettext_lazy("Institution"), lambda registration: registration.institution),
    Column(pgettext_lazy("participant", "Role"), exports.label(Registration, "role")),
    Column(
        gettext_lazy("Listening language"),
        exports.label(Registration, "listening_language"),
    ),
    Column(gettext_lazy("Status"), exports.label(Registration, "status")),
    Column(
        capfirst(gettext_lazy("reason for rejection")),
        lambda registration: registration.rejection_reason,
    ),
    Column(
        capfirst(gettext_lazy("offer expires at")),
        lambda registration: registration.offer_expires_at,
    ),
    Column(capfirst(gettext_lazy("received by")), lambda registration: registration.received_by),
)


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


# Staff pages


EVENT_LIST = ListPage(
    "learning/event_list.html", EVENT_COLUMNS, stem="events", adding=LearningPerm.MANAGE_EVENT
)


@require_GET
def event_list(request: HttpRequest) -> HttpResponseBase:
    """The events the reader sees, narrowed by the filters; for an organiser, the
    registrations to those same events by status (worked out only if the page shows them)."""
    form = EventFilterForm(request.GET, user=request.user)
    filters = dict(valid_filters(form))
    events = selectors.event_list(user=request.user, search=filters.pop("q", ""), **filters)
    shown = form.is_valid() and has_permission(request.user, LearningPerm.MANAGE_REGISTRATION)
    status_counts = SimpleLazyObject(lambda: _by_status(request, events) if shown else [])
    return EVENT_LIST.render(request, events, {"form": form, "status_counts": status_counts})


def _by_status(request: HttpRequest, events: QuerySet[Event]) -> list[tuple[str, int]]:
    counts = selectors.registrations_by_status(user=request.user, events=events)
    return [(str(Registration.Status(status).label), count) for status, count in counts.items()]


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = fetch_event(request.user, pk)
    may_manage = has_permission(request.user, LearningPerm.MANAGE_REGISTRATION)
    sessions = list(selectors.session_list(user=request.user, event=event))
    now = timezone.now()
    return render(
        request,
        "learning/event_detail.html",
        {
            "event": event,
            "sessions": sessions,
            # Check-in and imports are offered for the sessions whose day has come.
            "attendance_open": {
                session.pk for session in sessions if not session.attendance_problem(now)
            },
            "headcount": selectors.interpretation_headcount(user=request.user, event=event),
            "status_counts": (
                selectors.status_counts(user=request.user, event=event) if may_manage else []
            ),
            "may_manage": may_manage,
            # What the services refuse is not offered: steps for an event yet to take place.
            "ended": event.has_ended(now),
            "registration_closable": not event.closing_problem(now),
            "registration_closed": event.registration_closed(now),
            "may_edit": reaches(
                request.user, LearningPerm.MANAGE_EVENT, event, rule=CHANGING_EVENTS
            ),
            "may_record_attendance": reaches(
                request.user, LearningPerm.RECORD_ATTENDANCE, event, rule=CHANGING_EVENTS
            ),
            "programme_visible": may_open(
                request.user, ProgrammePerm.VIEW_PROJECT, event.programme
            ),
            "project_visible": may_open(request.user, ProgrammePerm.VIEW_PROJECT, event.project),
            "questions": event.questions.all(),
            "delegations": [
                (
                    delegation,
                    may_nominate(request.user, delegation),
                    may_record_nomination(request.user, delegation),
                )
                for delegation in selectors.delegation_list(user=request.user, event=event)
            ],
            "surveys": selectors.survey_list(user=request.user, event=event),
            "interpretation": event.interpretation_labels,
            "register_url": reverse("learning:event_register", args=[event.pk]),
        },
    )


@require_GET
@personal_data
def registration_list(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = fetch_event(request.user, pk)
    status = request.GET.get("status", "")
    registrations = selectors.registration_list(
        user=request.user, event=event, status=status, search=request.GET.get("q", "")[:200]
    )
    over_at = event.over_at()  # certificates are issued once the event is over
    return list_page(
        request,
        registrations,
        "learning/registration_list.html",
        {
            "event": event,
            "status": status,
            "statuses": Registration.Status.choices,
            "reject_form": RejectForm(),
            "over_at": over_at,
            "certificates_open": timezone.now() >= over_at,
            # Decisions are taken where the event is changed (`registration_to_decide`).
            "may_decide": reaches(
                request.user, LearningPerm.MANAGE_EVENT, event, rule=CHANGING_EVENTS
            ),
        },
        columns=REGISTRATION_COLUMNS,
        stem=f"event-{event.pk}-registrations",
    )


def _decide(request: HttpRequest, pk: int, service: Callable[..., object]) -> HttpResponse:
    """A decision on a registration (`service`: approve it, issue its certificate) taken from
    its event's list of registrations, which it goes back to."""
    registration = registration_to_decide(request.user, pk)
    actor = signed_in(request.user)
    return run_step(
        request,
        lambda: service(actor=actor, registration=registration),
        _("Saved."),
        "learning:registration_list",
        registration.event_id,
    )


@require_POST
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.registration_approve)


@require_POST
def registration_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject with a reason; without one, the form again, saying so (422)."""
    registration = registration_to_decide(request.user, pk)
    listed = reverse("learning:registration_list", args=[registration.event_id])
    save = save_then_show(
        listed,
        services.registration_reject,
        actor=signed_in(request.user),
        registration=registration,
    )
    return form_save(
        request,
        RejectForm(request.POST),
        save,
        "learning/record_form.html",
        {
            "title": _("Reject the registration of %(name)s") % {"name": registration.full_name},
            "back": registration.event,
        },
        partial="learning/_checked_form.html",
    )


@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.certificate_issue)


@require_http_methods(["GET", "POST"])
@personal_data
def session_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff at the door: scan a participant's code (or pick the name) to check them in;
    before the session's day, the event's page again with why (409)."""
    session = fetch_session(request.user, pk, write=LearningPerm.RECORD_ATTENDANCE)
    if problem := session.attendance_problem(timezone.now()):
        return refused_page(request, problem, 409, session.event)
    code = request.POST.get("code") or request.GET.get("code") or ""
    if request.method == "POST":
        try:
            registration = selectors.public_registration(code)
            services.attendance_check_in(
                actor=signed_in(request.user), session=session, registration=registration
            )
        except services.AttendanceRefused as refused:
            return refused_page(request, str(refused), refused.status_code, session.event)
        except (Http404, DomainError):
            messages.error(request, _("No approved participant has this code."))
        else:
            messages.success(request, _("%(name)s checked in.") % {"name": registration.full_name})
        return redirect("learning:session_check_in", pk=session.pk)
    return render(
        request,
        "learning/session_check_in.html",
        {
            "session": session,
            "participants": selectors.check_in_list(user=request.user, session=session),
        },
    )


@require_http_methods(["GET", "POST"])
@personal_data
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = fetch_session(request.user, pk, write=LearningPerm.RECORD_ATTENDANCE)
    if problem := session.attendance_problem(timezone.now()):
        return refused_page(request, problem, 409, session.event)
    form = AttendanceImportForm(
        posted(request),
        posted_files(request),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                summary = services.attendance_import(
                    actor=signed_in(request.user),
                    session=session,
                    report=form.cleaned_data["report"],
                )
            except services.AttendanceRefused as refused:
                return refused_page(request, str(refused), refused.status_code, session.event)
            except services.AttendanceImportError as error:
                for line in error.problems:
                    form.add_error("report", line)
            except FileRefused as refused:
                form.add_error("report", str(refused))
            else:
                read = ngettext("%(rows)s line read.", "%(rows)s lines read.", summary.rows)
                recorded = ngettext(
                    "Minutes recorded for %(people)s participant.",
                    "Minutes recorded for %(people)s participants.",
                    summary.participants,
                )
                figures = {
                    "rows": number_text(summary.rows),
                    "people": number_text(summary.participants),
                }
                messages.success(request, f"{read % figures} {recorded % figures}")
                if summary.unmatched:
                    messages.warning(
                        request,
                        _("Not registered: %(emails)s") % {"emails": joined(summary.unmatched)},
                    )
                return redirect("learning:attendance_import", pk=session.pk)
    return render(
        request,
        "learning/attendance_import.html",
        {
            "session": session,
            "form": form,
            "attendances": selectors.attendance_list(user=request.user, session=session),
        },
        status=status,
    )


COURSE_COLUMNS: tuple[Column[Course], ...] = (
    Column(gettext_lazy("Course"), lambda course: course.local_title),
    Column(gettext_lazy("Country"), lambda course: str(course.country or "")),
    Column(
        gettext_lazy("Languages"),
        lambda course: joined(name for _code, name in course.language_names),
    ),
    Column(gettext_lazy("Enrolled"), lambda course: course.enrolled),  # type: ignore[attr-defined]
    Column(gettext_lazy("Completed"), lambda course: course.completed),  # type: ignore[attr-defined]
)


COURSE_LIST = ListPage(
    "learning/course_list.html", COURSE_COLUMNS, stem="courses", adding=LearningPerm.MANAGE_COURSE
)


@require_GET
def course_list(request: HttpRequest) -> HttpResponseBase:
    return COURSE_LIST.filtered(request, CourseFilterForm(request.GET), selectors.course_list)


@require_GET
def course_report(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch(
        Course.objects.select_related("country", "project"),
        request.user,
        pk,
        perm=LearningPerm.VIEW_COURSE,
    )
    rows = selectors.completion_report(user=request.user, course=course)
    return render(
        request,
        "learning/course_report.html",
        {
            "course": course,
            # Where farmers join the course, in each of its languages they read.
            "farm_links": [
                (
                    translation.get_language_info(code)["name_local"],
                    reverse("learning:farm_course", args=[code, course.pk]),
                )
                for code in FARMER_LANGUAGES
                if code in course.languages
            ],
            "rows": rows,
            "total": selectors.completion_total(rows),
            "lessons": course.lessons.all(),
            "may_edit": reaches(request.user, LearningPerm.MANAGE_COURSE, course),
            "project_visible": may_open(request.user, ProgrammePerm.VIEW_PROJECT, course.project),
        },
    )


# Public pages


@login_not_required
@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.public_event(pk)
    language = translation.get_language() or "en"
    form = RegistrationForm(posted(request), event=event, language=language)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                registration = services.registration_submit(
                    actor=None,
                    event=event,
                    source=_client_address(request),
                    **form.service_values(),
                )
            except services.TooManyRegistrations as error:
                form.add_error(None, str(error))
                status = 429
            except (DomainError, ValidationError) as error:
                form_errors_to(form, error)
            else:
                return redirect(registration)
    context = {"event": event, "form": form, "closed": event.closed_to_registration(timezone.now())}
    return render(request, "learning/event_register.html", context, status=status)


@login_not_required
@require_GET
@personal_data
def registration_status(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.public_registration(token)
    return render(
        request,
        "learning/registration_status.html",
        {
            "registration": registration,
            "event": registration.event,
            "certificate": selectors.certificate_of(registration),
            "may_withdraw": not registration.withdrawal_problem(),
        },
    )


@login_not_required
@require_POST
def registration_respond(request: HttpRequest, token: str) -> HttpResponse:
    """The participant accepts an offered place or withdraws."""
    registration = selectors.public_registration(token)
    if request.POST.get("answer") == "accept":
        accept = partial(services.offer_accept, actor=None, registration=registration)
        return run_step(request, accept, _("You have accepted the place."), registration)
    withdraw = partial(services.registration_withdraw, actor=None, registration=registration)
    return run_step(request, withdraw, _("Your registration is withdrawn."), registration)


@login_not_required
@require_GET
@personal_data
def certificate_download(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.public_registration(token)
    certificate = selectors.certificate_of(registration)
    if certificate is None:
        raise Http404
    pdf = certificate_pdf(certificate, verify_url=verify_url(certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@login_not_required
@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    code = request.GET.get("code", "")
    valid = form.is_valid()
    certificate = selectors.certificate_by_code(code) if valid else None
    course_certificate = (
        selectors.course_certificate_by_code(code) if valid and certificate is None else None
    )
    found = certificate is not None or course_certificate is not None
    # A certificate whose registration no longer earns it is named, and said to be revoked.
    revoked = certificate.validity_problem() if certificate is not None else ""
    return render(
        request,
        "learning/certificate_verify.html",
        {
            "form": form,
            "code": code,
            "certificate": certificate,
            "revoked": revoked,
            "course_certificate": course_certificate,
        },
        status=404 if code and not found else 410 if revoked else 200,
    )


# Farmer pages: the farmer's language is in the URL, the page is small, text-only on request.
# Links are built before switching to the farmer's language: Dari and Pashto are content
# languages, not URL prefixes, so the page keeps the visitor's interface prefix.


def _farmer_language(farmer_lang: str) -> str:
    if farmer_lang not in FARMER_LANGUAGES:
        raise Http404
    return farmer_lang


def _farm_url(request: HttpRequest, name: str, *args: object) -> str:
    text = "?text=1" if request.GET.get("text") == "1" else ""
    return reverse(f"learning:{name}", args=args) + text


def _farm_render(
    request: HttpRequest,
    language: str,
    template: str,
    context: dict[str, object],
    status: int = 200,
) -> HttpResponse:
    text_only = request.GET.get("text") == "1"
    here = request.path
    context = {
        **context,
        "farmer_lang": language,
        "text_only": text_only,
        "switch_mode_url": here if text_only else f"{here}?text=1",
        "language_links": [
            (
                code,
                translation.get_language_info(code)["name_local"],
                here.replace(f"/farm/{language}/", f"/farm/{code}/", 1)
                + ("?text=1" if text_only else ""),
            )
            for code in FARMER_LANGUAGES
        ],
        "home_url": _farm_url(request, "farm_courses", language),
    }
    with translation.override(language):
        return render(request, template, context, status=status)


def _session_key(course_id: int) -> str:
    return f"learning.enrolment.{course_id}"


@login_not_required
@require_GET
def farm_courses(request: HttpRequest, farmer_lang: str) -> HttpResponse:
    language = _farmer_language(farmer_lang)
    courses = [
        (course, _farm_url(request, "farm_course", language, course.pk))
        for course in selectors.public_courses(language)
    ]
    return _farm_render(request, language, "learning/farm/course_list.html", {"courses": courses})


def _farm_sign_in(request: HttpRequest, enrolment: Enrolment) -> None:
    """This browser's session now holds the enrolment (a fresh session key, so a session
    id known before cannot follow it)."""
    request.session.cycle_key()
    request.session[_session_key(enrolment.course_id)] = enrolment.pk


def _farm_attempt(
    request: HttpRequest, course: Course, language: str, form: forms.Form
) -> tuple[Enrolment | None, int]:
    """Enrol, or resume with phone and PIN; (the enrolment, 0) or (None, the status to answer).
    Failed PIN attempts count per phone and per address; past the limit, none is tried."""
    phone, pin = form.cleaned_data["phone"], form.cleaned_data["pin"]
    address = _client_address(request)
    try:
        digest = selectors.enrolment_phone_key(phone)
    except ValidationError as error:
        form.add_error(None, error)
        return None, 422
    if attempts.blocked(digest, address):
        form.add_error(None, _("Too many attempts. Try again in 15 minutes."))
        return None, 429
    enrolment = selectors.enrolment_resume(course=course, phone=phone, pin=pin)
    if enrolment is not None:
        return enrolment, 0
    if isinstance(form, ResumeForm):
        attempts.failed(digest, address)
        form.add_error(None, _("This phone number and PIN do not match an enrolment."))
        return None, 422
    values = {name: form.cleaned_data[name] for name in ("phone", "district", "sex", "pin")}
    try:
        return services.farmer_enrol(actor=None, course=course, language=language, **values), 0
    except ValidationError as error:
        if "phone" in getattr(error, "error_dict", {}):
            attempts.failed(digest, address)  # enrolled already, and not with this PIN
        form.add_error(None, error)
        return None, 422


@login_not_required
@require_http_methods(["GET", "POST"])
def farm_course(request: HttpRequest, farmer_lang: str, pk: int) -> HttpResponse:
    language = _farmer_language(farmer_lang)
    course = selectors.public_course(pk, language)
    resuming = request.POST.get("resume") == "1"
    data = posted(request)
    form = EnrolForm(None if resuming else data, districts=selectors.districts_for(course))
    resume_form = ResumeForm(data if resuming else None, auto_id="id_resume_%s")
    course_url = _farm_url(request, "farm_course", language, course.pk)
    status = 200
    if request.method == "POST":
        status = 422
        submitted: forms.Form = resume_form if resuming else form
        # Messages (form errors, the service's refusals) in the farmer's language.
        with translation.override(language):
            if submitted.is_valid():
                enrolled, status = _farm_attempt(request, course, language, submitted)
                if enrolled is not None:
                    _farm_sign_in(request, enrolled)
                    return redirect(course_url)
    enrolment = selectors.enrolment_by_id(request.session.get(_session_key(course.pk)), course)
    done = {lesson.pk for lesson in enrolment.lessons_done.all()} if enrolment else set()
    certificate = selectors.course_certificate_of(enrolment) if enrolment else None
    lessons = [
        (lesson, lesson.pk in done, _farm_url(request, "farm_lesson", language, lesson.pk))
        for lesson in selectors.public_lessons(course)
    ]
    done = {lesson.pk for lesson, _done, _url in lessons} & done
    return _farm_render(
        request,
        language,
        "learning/farm/course.html",
        {
            "course": course,
            "lessons": lessons,
            "enrolment": enrolment,
            "lessons_done": len(done),
            "certificate": certificate,
            "certificate_url": _farm_url(request, "farm_certificate", language, course.pk),
            "verify_url": course_certificate_verify_url(certificate, language)
            if certificate
            else "",
            "form": form,
            "resume_form": resume_form,
            "enrol_url": course_url,
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def farm_lesson(request: HttpRequest, farmer_lang: str, pk: int) -> HttpResponse:
    language = _farmer_language(farmer_lang)
    lesson = selectors.public_lesson(pk, language)
    course = lesson.course
    enrolment = selectors.enrolment_by_id(request.session.get(_session_key(course.pk)), course)
    course_url = _farm_url(request, "farm_course", language, course.pk)
    if request.method == "POST":
        if enrolment is None:
            return redirect(course_url)
        services.lesson_complete(actor=None, enrolment=enrolment, lesson=lesson)
        return redirect(course_url)
    return _farm_render(
        request,
        language,
        "learning/farm/lesson.html",
        {
            "lesson": lesson,
            "course": course,
            "enrolment": enrolment,
            "course_url": course_url,
            "complete_url": _farm_url(request, "farm_lesson", language, lesson.pk),
        },
    )


@login_not_required
@require_GET
def farm_certificate(request: HttpRequest, farmer_lang: str, pk: int) -> HttpResponse:
    """The certificate of the course this browser's farmer completed, as a PDF in the
    farmer's language; none before the course is complete."""
    language = _farmer_language(farmer_lang)
    course = selectors.public_course(pk, language)
    enrolment = selectors.enrolment_by_id(request.session.get(_session_key(course.pk)), course)
    certificate = selectors.course_certificate_of(enrolment) if enrolment else None
    if certificate is None:
        raise Http404
    pdf = course_certificate_pdf(
        certificate,
        language=language,
        verify_url=course_certificate_verify_url(certificate, language),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response

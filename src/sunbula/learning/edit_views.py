"""Organisers' pages that write: an event, its sessions, registration questions and
delegations, cancelling it and closing its registration; a farmer course and its lessons.

Each form checks itself on change (htmx, `?validate=1`, nothing written) and saves through
one service; the record is fetched within the writer's scope first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django import forms
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sunbula.core.access import require_permission, signed_in
from sunbula.core.views import form_page, posted, refused_page, run_step, save_then_show, save_with
from sunbula.learning import services
from sunbula.learning.access import (
    check_event_placed,
    fetch_course,
    fetch_event,
    fetch_lesson,
    fetch_session,
)
from sunbula.learning.forms import (
    CancelEventForm,
    CourseForm,
    DelegationForm,
    EventForm,
    LessonForm,
    QuestionForm,
    SessionForm,
)
from sunbula.learning.models import Course, Event, EventSession, Lesson
from sunbula.learning.permissions import LearningPerm

FORM = "learning/record_form.html"
PARTIAL = "learning/_checked_form.html"


def learning_form_page(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    context: Mapping[str, Any],
    *,
    success: str | None = None,
) -> HttpResponse:
    """`form_page` in learning's own form template, checked in place by htmx."""
    return form_page(request, form, save, context, success=success, template=FORM, partial=PARTIAL)


def _writable_event(request: HttpRequest, pk: int) -> Event:
    return fetch_event(request.user, pk, write=LearningPerm.MANAGE_EVENT)


def _save_event(request: HttpRequest, event: Event | None, values: dict[str, Any]) -> Event:
    actor = signed_in(request.user)
    placed = Event(country=values.get("country"), programme=values.get("programme"))
    check_event_placed(request.user, placed)
    if event is None:
        title = values.pop("title")
        return services.event_create(actor=actor, title=title, **values)
    return services.event_update(actor=actor, event=event, **values)


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, LearningPerm.MANAGE_EVENT)
    form = EventForm(posted(request), scope=scope)
    save = partial(_save_event, request, None)
    return learning_form_page(
        request, form, save, {"title": _("New event")}, success=_("Event created.")
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    if refusal := event.change_problem():
        return refused_page(request, refusal, 409, event)
    scope = require_permission(request.user, LearningPerm.MANAGE_EVENT)
    form = EventForm(
        posted(request),
        instance=fetch_event(request.user, pk),
        scope=scope,
    )
    save = partial(_save_event, request, event)
    return learning_form_page(request, form, save, {"title": _("Edit event"), "back": event})


@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    if refusal := event.change_problem() or event.ended_problem(timezone.now()):
        return refused_page(request, refusal, 409, event)
    actor = signed_in(request.user)
    form = CancelEventForm(posted(request))

    def cancel(values: dict[str, Any]) -> Event:
        return services.event_cancel(actor=actor, event=event, reason=values["reason"])

    context = {"title": _("Cancel event"), "back": event, "danger": True}
    success = _("Event cancelled; registration is closed.")
    return learning_form_page(request, form, cancel, context, success=success)


@require_POST
def event_close_registration(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    close = partial(services.event_registration_close, actor=signed_in(request.user), event=event)
    return run_step(request, close, _("Registration is closed."), event)


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    if refusal := event.change_problem():
        return refused_page(request, refusal, 409, event)
    actor = signed_in(request.user)
    save = save_then_show(event, services.session_add, actor=actor, event=event)
    form = SessionForm(posted(request), instance=EventSession(event=event))
    context = {"title": _("Add a session"), "back": event}
    return learning_form_page(request, form, save, context, success=_("Session added."))


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = fetch_session(request.user, pk, write=LearningPerm.MANAGE_EVENT)
    copy = EventSession.objects.select_related("event").get(pk=session.pk)
    if refusal := copy.event.change_problem():
        return refused_page(request, refusal, 409, copy.event)
    actor = signed_in(request.user)
    save = save_then_show(session.event, services.session_update, actor=actor, session=session)
    form = SessionForm(posted(request), instance=copy)
    context = {"title": _("Edit session"), "back": session.event}
    return learning_form_page(request, form, save, context)


@require_POST
def session_remove(request: HttpRequest, pk: int) -> HttpResponse:
    session = fetch_session(request.user, pk, write=LearningPerm.MANAGE_EVENT)
    remove = partial(services.session_remove, actor=signed_in(request.user), session=session)
    return run_step(request, remove, _("Session removed."), session.event)


@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    if refusal := event.change_problem():
        return refused_page(request, refusal, 409, event)
    actor = signed_in(request.user)

    def save(values: dict[str, Any]) -> Event:
        services.question_add(
            actor=actor, event=event, position=event.questions.count() + 1, **values
        )
        return event

    form = QuestionForm(posted(request))
    context = {"title": _("Add a registration question"), "back": event}
    return learning_form_page(request, form, save, context, success=_("Question added."))


@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _writable_event(request, pk)
    if refusal := event.change_problem():
        return refused_page(request, refusal, 409, event)
    actor = signed_in(request.user)
    save = save_then_show(event, services.delegation_create, actor=actor, event=event)
    form = DelegationForm(posted(request))
    context = {"title": _("Add a delegation"), "back": event}
    return learning_form_page(request, form, save, context, success=_("Delegation added."))


# Farmer courses


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, LearningPerm.MANAGE_COURSE)
    actor = signed_in(request.user)
    form = CourseForm(posted(request), scope=scope)
    save = save_with(services.course_create, actor=actor)
    context = {"title": _("New farmer course")}
    return learning_form_page(request, form, save, context, success=_("Course created."))


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch_course(request.user, pk, write=True)
    scope = require_permission(request.user, LearningPerm.MANAGE_COURSE)
    actor = signed_in(request.user)
    form = CourseForm(
        posted(request),
        instance=Course.objects.get(pk=course.pk),
        scope=scope,
        initial={"languages": course.languages},
    )
    save = save_with(services.course_update, actor=actor, course=course)
    return learning_form_page(request, form, save, {"title": _("Edit course"), "back": course})


@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch_course(request.user, pk, write=True)
    actor = signed_in(request.user)
    following = (
        course.lessons.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    save = save_then_show(course, services.lesson_add, actor=actor, course=course)
    form = LessonForm(
        posted(request),
        instance=Lesson(course=course),
        initial={"position": following},
    )
    context = {"title": _("Add a lesson"), "back": course}
    return learning_form_page(request, form, save, context, success=_("Lesson added."))


@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = fetch_lesson(request.user, pk, write=True)
    actor = signed_in(request.user)
    save = save_then_show(lesson.course, services.lesson_update, actor=actor, lesson=lesson)
    form = LessonForm(
        posted(request),
        instance=Lesson.objects.get(pk=lesson.pk),
    )
    context = {"title": _("Edit lesson"), "back": lesson.course}
    return learning_form_page(request, form, save, context)


def _lesson_step(
    request: HttpRequest,
    pk: int,
    *,
    title: str,
    intro: Callable[[Lesson], str],
    submit: str,
    service: Callable[..., object],
    success: str,
) -> HttpResponse:
    """The step that confirms a change to a lesson's life: GET asks, with `intro` saying
    what follows (or why it cannot be); POST calls the service on the lesson and goes back to
    the course, or shows the refusal (422)."""
    lesson = fetch_lesson(request.user, pk, write=True)

    def confirmed(_values: dict[str, Any]) -> Course:
        service(actor=signed_in(request.user), lesson=lesson)
        return lesson.course

    context = {"title": title, "intro": intro(lesson), "submit": submit, "back": lesson.course}
    form = forms.Form(posted(request))
    return learning_form_page(request, form, confirmed, context, success=success)


@require_http_methods(["GET", "POST"])
def lesson_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a lesson no farmer has completed; otherwise the page says to retire it."""
    return _lesson_step(
        request,
        pk,
        title=_("Remove lesson"),
        intro=lambda lesson: (
            lesson.removal_problem()
            or _("Remove the lesson “%(lesson)s” from the course? Farmers will no longer see it.")
            % {"lesson": lesson}
        ),
        submit=_("Remove"),
        service=services.lesson_remove,
        success=_("Lesson removed."),
    )


@require_http_methods(["GET", "POST"])
def lesson_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _lesson_step(
        request,
        pk,
        title=_("Retire lesson"),
        intro=lambda lesson: (
            _(
                "Retire the lesson “%(lesson)s”? Farmers will no longer see it nor need it to "
                "complete the course; those who completed it keep it done."
            )
            % {"lesson": lesson}
        ),
        submit=_("Retire"),
        service=services.lesson_retire,
        success=_("Lesson retired."),
    )


@require_http_methods(["GET", "POST"])
def lesson_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _lesson_step(
        request,
        pk,
        title=_("Restore lesson"),
        intro=lambda lesson: (
            _(
                "Show the lesson “%(lesson)s” to farmers again? Farmers will need it again to "
                "complete the course."
            )
            % {"lesson": lesson}
        ),
        submit=_("Restore"),
        service=services.lesson_restore,
        success=_("Lesson restored."),
    )

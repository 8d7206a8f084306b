"""Survey pages: write one, send it or hand out its links, read its results (a bar per option,
CSV/XLSX); and the public page where a respondent answers through their own link, without
signing in."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import has_permission, reaches, require_permission, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.http import int_param, search_param
from sunbula.core.multilingual import is_interface_language
from sunbula.core.privacy import personal_data
from sunbula.core.views import (
    ListPage,
    checked_in_place,
    form_errors_to,
    posted,
    refused_page,
    run_step,
)
from sunbula.learning import selectors, services
from sunbula.learning.access import (
    CHANGING_EVENTS,
    CHANGING_SURVEYS,
    check_survey_placed,
    fetch_event,
    fetch_survey,
)
from sunbula.learning.edit_views import PARTIAL, learning_form_page
from sunbula.learning.forms import (
    SurveyAnswerForm,
    SurveyForm,
    SurveyLinksForm,
    SurveyQuestionForm,
    SurveySendForm,
)
from sunbula.learning.models import Event, Survey, SurveyInvitation, SurveyQuestion
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.selectors import ResponseRow

SURVEY_COLUMNS: tuple[Column[Survey], ...] = (
    Column(gettext_lazy("Survey"), lambda survey: survey.local_title),
    Column(gettext_lazy("Purpose"), exports.label(Survey, "purpose")),
    Column(gettext_lazy("Event"), lambda survey: survey.event or ""),
    Column(gettext_lazy("Invited"), lambda survey: survey.invited),  # type: ignore[attr-defined]
    Column(gettext_lazy("Answered"), lambda survey: survey.answered),  # type: ignore[attr-defined]
)


def _writable(request: HttpRequest, pk: int) -> Survey:
    return fetch_survey(request.user, pk, write=LearningPerm.MANAGE_EVENT)


SURVEY_LIST = ListPage("learning/survey_list.html", SURVEY_COLUMNS, stem="surveys")


@require_GET
def survey_list(request: HttpRequest) -> HttpResponseBase:
    event_id = int_param(request, "event")
    event = fetch_event(request.user, event_id) if event_id is not None else None
    purpose = request.GET.get("purpose", "")
    if purpose not in Survey.Purpose.values:
        purpose = ""
    surveys = selectors.survey_list(
        user=request.user, search=search_param(request), event=event, purpose=purpose
    )
    context = {
        "event": event,
        "purposes": Survey.Purpose.choices,
        "purpose": purpose,
        "may_add": has_permission(request.user, LearningPerm.MANAGE_EVENT),
    }
    return SURVEY_LIST.render(request, surveys, context)


def _save_survey(request: HttpRequest, values: dict[str, Any]) -> Survey:
    event = values.get("event")
    if event is not None:
        fetch_event(request.user, event.pk, write=LearningPerm.MANAGE_EVENT)
    check_survey_placed(request.user, values)
    title = values.pop("title")
    return services.survey_create(actor=signed_in(request.user), title=title, **values)


@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, LearningPerm.MANAGE_EVENT)
    initial: dict[str, Any] = {}
    event_id = int_param(request, "event")
    if event_id is not None:
        event = fetch_event(request.user, event_id)
        initial = {
            "event": event.pk,
            "title": _("Feedback: %(event)s") % {"event": event.title},
            "purpose": Survey.Purpose.FEEDBACK,
        }
    events = scope.filter(
        Event.objects.filter(cancelled_at__isnull=True).order_by("-starts_on", "title"),
        rule=CHANGING_EVENTS,
    )
    form = SurveyForm(
        posted(request),
        scope=scope,
        events=events,
        initial=initial,
    )
    save = partial(_save_survey, request)
    success = _("Survey created. Add its questions.")
    return learning_form_page(request, form, save, {"title": _("New survey")}, success=success)


@require_GET
@personal_data
def survey_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = fetch_survey(request.user, pk)
    if exports.requested(request):
        return _download(request, survey)
    responses, results = selectors.survey_results(user=request.user, survey=survey)
    may_manage = reaches(request.user, LearningPerm.MANAGE_EVENT, survey, rule=CHANGING_SURVEYS)
    return render(
        request,
        "learning/survey_detail.html",
        {
            "survey": survey,
            "responses": responses,
            "invited": survey.invitations.count(),
            "results": results,
            "may_manage": may_manage,
            "bidi": translation.get_language_bidi(),
        },
    )


def _download(request: HttpRequest, survey: Survey) -> HttpResponseBase:
    questions, rows = selectors.survey_response_rows(user=request.user, survey=survey)
    columns: list[Column[ResponseRow]] = [
        Column(gettext_lazy("Response"), lambda row: row.response.pk),
        Column(gettext_lazy("Submitted at"), lambda row: row.response.submitted_at),
        Column(gettext_lazy("Language"), lambda row: row.response.language),
    ]
    for question in questions:
        columns += _question_columns(question)
    return exports.download(request, rows, columns, stem=f"survey-{survey.pk}")


def _question_columns(question: SurveyQuestion) -> list[Column[ResponseRow]]:
    """A question's answer as text; a several-choices question adds a 1/0 column per option
    (as KoboToolbox and ODK export them), which a spreadsheet can count and pivot."""
    columns = [Column[ResponseRow](question.local_label, _answer_to(question.pk))]
    if question.kind == SurveyQuestion.Kind.MULTIPLE:
        columns += [
            Column(
                _("%(question)s / %(option)s")
                % {"question": question.local_label, "option": option.local_name},
                _ticked(question.pk, option.pk),
            )
            for option in question.options.all()
        ]
    return columns


def _answer_to(pk: int) -> Callable[[ResponseRow], str]:
    return lambda row: row.texts.get(pk, "")


def _ticked(question_pk: int, option_pk: int) -> Callable[[ResponseRow], int | None]:
    return lambda row: row.ticked(question_pk, option_pk)


@require_http_methods(["GET", "POST"])
def survey_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    if refusal := survey.change_problem():
        return refused_page(request, refusal, 409, survey)
    actor = signed_in(request.user)
    form = SurveyQuestionForm(posted(request))

    def add(_values: dict[str, Any]) -> Survey:
        # service_values, not the values given: it also reads the options in every language.
        services.survey_question_add(actor=actor, survey=survey, **form.service_values())
        return survey

    context = {"title": _("Add a question"), "back": survey}
    return learning_form_page(request, form, add, context, success=_("Question added."))


@require_http_methods(["GET", "POST"])
def survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    if refusal := survey.sending_problem():
        return refused_page(request, refusal, 409, survey)
    actor = signed_in(request.user)
    form = SurveySendForm(
        posted(request),
        initial={"to_attendees": survey.event_id is not None},
    )
    if survey.event_id is None:
        del form.fields["to_attendees"]

    def send(values: dict[str, Any]) -> Survey:
        invitations = services.survey_send(
            actor=actor,
            survey=survey,
            to_attendees=bool(values.get("to_attendees")),
            emails=values["emails"],
            language=values["language"],
        )
        messages.info(request, _("Invitations sent: %(count)s.") % {"count": len(invitations)})
        return survey

    context = {"title": _("Send the survey"), "back": survey}
    return learning_form_page(request, form, send, context, success=_("Survey sent."))


@personal_data
@require_http_methods(["GET", "POST"])
def survey_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Links for respondents without an e-mail address, shown on this answer only: just their
    digests are kept, so they cannot be shown again."""
    survey = _writable(request, pk)
    actor = signed_in(request.user)
    form = SurveyLinksForm(
        posted(request),
        initial={"language": translation.get_language()},
    )
    context = {
        "form": form,
        "title": _("Links to hand out"),
        "back": survey,
        "submit": _("Make the links"),
    }
    if checked := checked_in_place(request, form, PARTIAL, context):
        return checked
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.survey_invite(
                actor=actor, survey=survey, recipients=form.recipients()
            )
        except (ValidationError, DomainError) as refused:
            form_errors_to(form, refused)
        else:
            return render(
                request, "learning/survey_links.html", {"survey": survey, "issued": issued}
            )
    status = 422 if request.method == "POST" else 200
    return render(request, "learning/survey_links_form.html", context, status=status)


@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    close = partial(services.survey_close, actor=signed_in(request.user), survey=survey)
    return run_step(request, close, _("The survey is closed."), survey)


# Public: the respondent's own link. The page speaks the invitation's language when that is
# not an interface language (Dari, Pashto: no URL prefix, no staff layout); otherwise the
# language of the address, as the layout lets the reader switch it.


def _respondent_language(invitation: SurveyInvitation) -> str:
    if is_interface_language(invitation.language):
        return translation.get_language() or settings.LANGUAGE_CODE
    return invitation.language


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.public_invitation(token)
    language = _respondent_language(invitation)
    with translation.override(language):
        response = _answer_page(request, token, invitation, language)
    # The locale middleware names the address's language only where the view has not.
    response.headers["Content-Language"] = language
    return response


def _answer_page(
    request: HttpRequest, token: str, invitation: SurveyInvitation, language: str
) -> HttpResponse:
    survey = invitation.survey
    layout = "base.html" if is_interface_language(language) else "learning/plain_base.html"
    context: dict[str, Any] = {"survey": survey, "invitation": invitation, "layout": layout}
    if invitation.answered_at is not None or survey.closed_at is not None:
        context["done"] = True
        return render(
            request,
            "learning/survey_answer.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    form = SurveyAnswerForm(
        posted(request),
        questions=selectors.survey_questions(survey),
    )
    context["form"] = form
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.survey_respond(
                    actor=None, token=token, answers=form.answers(), language=language
                )
            except services.AlreadyAnswered as refused:
                context["done"] = True
                form.add_error(None, str(refused))
                status = 409
            except (ValidationError, DomainError) as refused:
                form_errors_to(form, refused)
            else:
                return render(
                    request, "learning/survey_thanks.html", {"survey": survey, "layout": layout}
                )
    return render(request, "learning/survey_answer.html", context, status=status)

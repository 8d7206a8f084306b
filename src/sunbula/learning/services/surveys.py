"""Surveys: write the questions, send the invitations, take each respondent's answers once.

An invitation's link carries a code made by `secrets.token_urlsafe`; only its SHA-256 digest
is stored, so the table cannot be read back into working links. The e-mail leaves after the
transaction commits, in the respondent's language, with an absolute link.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, given_fields, snapshot, step_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, User
from sunbula.core.multilingual import is_interface_language
from sunbula.core.notifications import absolute_url
from sunbula.learning.models import (
    RESPONDENT_LANGUAGE_CODES,
    Attendance,
    Event,
    Registration,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from sunbula.programmes.models import Programme

# A list typed by hand is kept to a size one e-mail batch can carry.
MAX_ADDRESSES = 500


class SurveyFields(TypedDict, total=False):
    """What `survey_create` takes besides the title."""

    title_translations: dict[str, str]
    introduction: str
    introduction_translations: dict[str, str]
    purpose: str
    event: Event | None
    country: Country | None
    programme: Programme | None
    is_illustrative: bool


SURVEY_FIELDS = tuple(SurveyFields.__annotations__)


class SurveyRefused(DomainError):
    status_code = 409


class AlreadyAnswered(DomainError):
    status_code = 409


@dataclass(frozen=True)
class OptionText:
    """An answer option as typed: English, and the other languages."""

    name: str
    name_translations: Mapping[str, str]


@dataclass(frozen=True)
class Recipient:
    """Someone to invite: with an address the link is mailed; without one, the caller hands
    it over (a printed list for post-distribution monitoring)."""

    email: str = ""
    full_name: str = ""
    language: str = "en"
    registration: Registration | None = None


@dataclass(frozen=True)
class Issued:
    """An invitation and the code of its link, which is stored nowhere and known only now."""

    invitation: SurveyInvitation
    token: str

    @property
    def link(self) -> str:
        return _survey_link(self.token, self.invitation.language)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _survey_link(token: str, language: str) -> str:
    """The absolute address of the public page for `token`, in `language`: under its prefix
    for an interface language; else (Dari, Pashto) under the default one, as the page reads
    the language from the invitation."""
    prefix = language if is_interface_language(language) else settings.LANGUAGE_CODE
    with translation.override(prefix):
        return absolute_url(reverse("learning:survey_answer", args=[token]))


@transaction.atomic
def survey_create(*, actor: User | None, title: str, **fields: Unpack[SurveyFields]) -> Survey:
    """A survey; for an event it takes the event's country and programme (its scope)."""
    values = given_fields("survey_create", fields, SURVEY_FIELDS)
    event = values.get("event")
    if event is not None:
        values["country"] = event.country
        values["programme"] = event.programme
    return create_audited(actor=actor, model=Survey, values={"title": title, **values})


def _refuse_if_sent(survey: Survey) -> None:
    if refusal := survey.change_problem():
        raise SurveyRefused(refusal)


@transaction.atomic
def survey_question_add(
    *,
    actor: User | None,
    survey: Survey,
    label: str,
    kind: str,
    label_translations: Mapping[str, str] | None = None,
    required: bool = False,
    options: Sequence[OptionText] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    position: int | None = None,
) -> SurveyQuestion:
    """Add a question (a choice question with its options) before the survey is sent."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_if_sent(survey)
    choice = kind in SurveyQuestion.CHOICE_KINDS
    if choice and len([option for option in options if option.name.strip()]) < 2:
        raise ValidationError({"options": _("A choice question needs at least two options.")})
    if position is None:
        position = survey.questions.count() + 1
    question = create_audited(
        actor=actor,
        model=SurveyQuestion,
        values={
            "survey": survey,
            "label": label,
            "label_translations": dict(label_translations or {}),
            "kind": kind,
            "required": required,
            "scale_min": scale_min,
            "scale_max": scale_max,
            "position": position,
        },
    )
    if choice:
        for number, option in enumerate(
            (option for option in options if option.name.strip()), start=1
        ):
            SurveyOption(
                question=question,
                position=number,
                name=option.name.strip(),
                name_translations=dict(option.name_translations),
            ).save()
    return question


def attendees(event: Event) -> list[Registration]:
    """The approved participants marked present at one session at least."""
    present = Attendance.objects.filter(registration__event=event).values("registration_id")
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
        .filter(pk__in=present)
        .order_by("full_name", "pk")
    )


def _clean_addresses(addresses: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for raw in addresses:
        address = raw.strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                {"emails": _("Not an e-mail address: %(address)s") % {"address": raw.strip()}}
            ) from error
        seen[address] = None
    if len(seen) > MAX_ADDRESSES:
        raise ValidationError(
            {"emails": _("Send to at most %(count)s addresses at once.") % {"count": MAX_ADDRESSES}}
        )
    return list(seen)


def _mail(survey: Survey, invitation: SurveyInvitation, token: str) -> None:
    """The invitation, in the respondent's language, with the link only they hold."""
    with translation.override(invitation.language):
        title = survey.local_title
        greeting = (
            _("Dear %(name)s,") % {"name": invitation.full_name}
            if invitation.full_name
            else _("Hello,")
        )
        body = "\n\n".join(
            part
            for part in (
                greeting,
                _("Please answer our survey “%(title)s”. It takes a few minutes.")
                % {"title": title},
                survey.local_introduction,
                _("Your own link (it works once): %(link)s")
                % {"link": _survey_link(token, invitation.language)},
            )
            if part
        )
        send_mail(_("Survey: %(title)s") % {"title": title}, body, None, [invitation.email])


def _open_for_invitations(survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if refusal := survey.sending_problem():
        raise SurveyRefused(refusal)
    return survey


def _issue(survey: Survey, recipients: Iterable[Recipient], now: datetime.datetime) -> list[Issued]:
    """One invitation per recipient not invited yet at their address; the e-mail of those
    with one leaves after the commit."""
    already = set(survey.invitations.exclude(email="").values_list("email", flat=True))
    issued: list[Issued] = []
    for recipient in recipients:
        if recipient.language not in RESPONDENT_LANGUAGE_CODES:
            raise ValidationError({"language": _("Unknown language.")})
        if recipient.email and recipient.email in already:
            continue
        already.add(recipient.email)
        token = secrets.token_urlsafe(24)
        invitation = SurveyInvitation(
            survey=survey,
            email=recipient.email,
            full_name=recipient.full_name,
            language=recipient.language,
            registration=recipient.registration,
            token_digest=token_digest(token),
            sent_at=now,
        )
        invitation.full_clean()
        invitation.save()
        issued.append(Issued(invitation, token))
        if invitation.email:
            transaction.on_commit(partial(_mail, survey, invitation, token))
    if not issued:
        raise SurveyRefused(_("Nobody new to send the survey to."))
    return issued


@transaction.atomic
def survey_send(
    *,
    actor: User | None,
    survey: Survey,
    to_attendees: bool = False,
    emails: Sequence[str] = (),
    language: str = "en",
    now: datetime.datetime | None = None,
) -> list[SurveyInvitation]:
    """Invite the event's attendees (each in their own language) and/or the listed addresses
    (in `language`); an address already invited is not invited twice."""
    survey = _open_for_invitations(survey)
    if language not in RESPONDENT_LANGUAGE_CODES:
        raise ValidationError({"language": _("Unknown language.")})
    people: dict[str, Recipient] = {}
    if to_attendees:
        if survey.event is None:
            raise SurveyRefused(_("Only a survey for an event can go to its attendees."))
        for registration in attendees(survey.event):
            address = registration.email.lower()
            people[address] = Recipient(
                address, registration.full_name, registration.language, registration
            )
    for address in _clean_addresses(emails):
        people.setdefault(address, Recipient(address, "", language))
    issued = _issue(survey, people.values(), now or timezone.now())
    audit_record(
        actor=actor,
        action="learning.survey.sent",
        obj=survey,
        after={"invited": len(issued), "to_attendees": to_attendees},
    )
    return [each.invitation for each in issued]


@transaction.atomic
def survey_invite(
    *,
    actor: User | None,
    survey: Survey,
    recipients: Sequence[Recipient],
    now: datetime.datetime | None = None,
) -> list[Issued]:
    """Invite a given list of recipients, each in their own language: those with an address
    by e-mail, the others through the links returned (shown once, never stored)."""
    survey = _open_for_invitations(survey)
    issued = _issue(survey, recipients, now or timezone.now())
    audit_record(
        actor=actor,
        action="learning.survey.sent",
        obj=survey,
        after={
            "invited": len(issued),
            "by_email": sum(1 for each in issued if each.invitation.email),
        },
    )
    return issued


@transaction.atomic
def survey_close(
    *, actor: User | None, survey: Survey, now: datetime.datetime | None = None
) -> Survey:
    """Stop taking answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.closed_at is not None:
        raise SurveyRefused(_("The survey is closed."))
    return step_audited(
        actor=actor,
        obj=survey,
        verb="closed",
        values={"closed_at": now or timezone.now()},
        fields=("closed_at",),
    )


def _number(question: SurveyQuestion, value: object) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValidationError(
            {question.field_name: _("Enter a number for “%(question)s”.") % _named(question)}
        ) from error
    if not number.is_finite() or abs(number) >= Decimal(10) ** 10:
        raise ValidationError(
            {question.field_name: _("Enter a number for “%(question)s”.") % _named(question)}
        )
    if question.kind == SurveyQuestion.Kind.SCALE and (
        number != number.to_integral_value() or int(number) not in question.scale_values
    ):
        raise ValidationError(
            {
                question.field_name: _("Choose a step of the scale for “%(question)s”.")
                % _named(question)
            }
        )
    return number


def _named(question: SurveyQuestion) -> dict[str, str]:
    return {"question": question.local_label}


def _answers_for(
    question: SurveyQuestion, value: object, options: dict[int, SurveyOption]
) -> list[SurveyAnswer]:
    """The rows one question's answer is stored as (none when left empty)."""
    if question.kind in SurveyQuestion.CHOICE_KINDS:
        chosen = value if isinstance(value, list | tuple) else [value]
        ids: list[int] = []
        for item in chosen:
            if item in (None, ""):
                continue
            try:
                ids.append(int(str(item)))
            except ValueError:
                ids.append(-1)
        if any(pk not in options for pk in ids) or (
            question.kind == SurveyQuestion.Kind.SINGLE and len(ids) > 1
        ):
            raise ValidationError(
                {
                    question.field_name: _("Choose among the options of “%(question)s”.")
                    % _named(question)
                }
            )
        return [SurveyAnswer(question=question, option=options[pk]) for pk in dict.fromkeys(ids)]
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        return []
    if question.kind == SurveyQuestion.Kind.TEXT:
        return [SurveyAnswer(question=question, text=str(value).strip()[:5000])]
    return [SurveyAnswer(question=question, number=_number(question, value))]


@transaction.atomic
def survey_respond(
    *,
    actor: User | None,
    token: str = "",
    answers: Mapping[int, object],
    language: str = "en",
    now: datetime.datetime | None = None,
    invitation: SurveyInvitation | None = None,
) -> SurveyResponse:
    """Take one respondent's answers (question id → option id(s), number or text), by the
    link's token or, asked by an enumerator, by the invitation itself; the same link
    answers only once."""
    invitations = SurveyInvitation.objects.select_for_update().select_related("survey")
    if invitation is not None:
        invitation = invitations.filter(pk=invitation.pk).first()
    else:
        invitation = invitations.filter(token_digest=token_digest(token)).first()
    if invitation is None:
        raise SurveyRefused(_("This survey link is not valid."))
    survey = invitation.survey
    if invitation.answered_at is not None:
        raise AlreadyAnswered(_("This survey has already been answered with this link. Thank you."))
    if survey.closed_at is not None:
        raise SurveyRefused(_("The survey is closed."))
    questions = list(survey.questions.prefetch_related("options"))
    rows: list[SurveyAnswer] = []
    errors: dict[str, list[str]] = {}
    for question in questions:
        options = {option.pk: option for option in question.options.all()}
        try:
            given = _answers_for(question, answers.get(question.pk), options)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            continue
        if question.required and not given:
            errors.setdefault(question.field_name, []).append(
                _("“%(question)s” needs an answer.") % _named(question)
            )
        rows.extend(given)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    response = SurveyResponse(
        survey=survey, invitation=invitation, language=language, submitted_at=now
    )
    response.full_clean()
    response.save()
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    audit_record(
        actor=actor,
        action="learning.survey_response.submitted",
        obj=response,
        after={**snapshot(response, ("survey", "language")), "answers": len(rows)},
    )
    return response

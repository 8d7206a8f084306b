"""Erasing a respondent's personal data blanks the free text they answered through their
invitations, in the answers and in the answers' earlier audit entries; every answer stays, so
the survey's results do not change, and other respondents' words are kept."""

from __future__ import annotations

import json

import pytest

from sunbula.core.audit import audit_record
from sunbula.core.models import AuditEntry, User
from sunbula.learning import services
from sunbula.learning.models import SurveyAnswer, SurveyInvitation, SurveyQuestion

pytestmark = pytest.mark.django_db

TOLD = "Zarghuna's neighbour took the flour for her"
KEPT = "The queue was short"


def _answered(admin: User) -> tuple[SurveyInvitation, SurveyInvitation, SurveyQuestion]:
    """A monitoring survey with a choice, a scale and a free-text question, answered through
    two invitations: the first tells of the person to be erased, the second of no one."""
    survey = services.survey_create(actor=admin, title="Monitoring", purpose="monitoring")
    received = services.survey_question_add(
        actor=admin,
        survey=survey,
        label="Did you receive your ration?",
        kind="single",
        options=[services.OptionText("Yes", {}), services.OptionText("No", {})],
    )
    scale = services.survey_question_add(
        actor=admin, survey=survey, label="How satisfied are you?", kind="scale"
    )
    comments = services.survey_question_add(
        actor=admin, survey=survey, label="Anything else?", kind="text"
    )
    first, second = (
        issued.invitation
        for issued in services.survey_invite(
            actor=admin,
            survey=survey,
            recipients=[services.Recipient(language="en"), services.Recipient(language="fr")],
        )
    )
    yes = received.options.order_by("position", "pk")[0]
    for invitation, text in ((first, TOLD), (second, KEPT)):
        services.survey_respond(
            actor=None,
            invitation=invitation,
            answers={received.pk: yes.pk, scale.pk: 4, comments.pk: text},
        )
    return first, second, comments


def test_the_text_goes_and_every_answer_stays(admin: User) -> None:
    first, second, comments = _answered(admin)
    told = SurveyAnswer.objects.get(response__invitation=first, question=comments)
    # An earlier entry that kept the answer's words, as a correction of it would.
    audit_record(
        actor=admin,
        action="learning.survey_answer.corrected",
        obj=told,
        before={"text": "Zarghuna's neighbour"},
        after={"text": TOLD},
    )
    results = sorted(SurveyAnswer.objects.values_list("response", "question", "option", "number"))

    cleared = services.survey_answer_texts_forget(actor=admin, invitations=[first])

    assert cleared == 1
    assert list(
        SurveyAnswer.objects.filter(question=comments)
        .order_by("response__invitation")
        .values_list("response__invitation", "text")
    ) == [(first.pk, ""), (second.pk, KEPT)]
    assert (
        sorted(SurveyAnswer.objects.values_list("response", "question", "option", "number"))
        == results
    )
    entries = json.dumps(list(AuditEntry.objects.values("before", "after")))
    assert "Zarghuna" not in entries
    erased = AuditEntry.objects.get(action="learning.survey_response.erased")
    assert erased.object_id == str(told.response_id)
    assert erased.actor == admin and erased.after == {"texts_cleared": 1}


def test_nothing_to_blank_writes_nothing(admin: User) -> None:
    first, _second, _comments = _answered(admin)
    services.survey_answer_texts_forget(actor=admin, invitations=[first])
    before = AuditEntry.objects.count()

    assert services.survey_answer_texts_forget(actor=admin, invitations=[first]) == 0
    assert services.survey_answer_texts_forget(actor=admin, invitations=[]) == 0
    assert AuditEntry.objects.count() == before

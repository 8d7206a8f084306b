"""What surveys forget of a respondent whose personal data is erased: the free text of their
answers. The answers stay, chosen options and numbers with them, so that a survey's results
still add up."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from sunbula.core.audit import audit_record, audit_values_forget
from sunbula.core.models import User
from sunbula.learning.models import SurveyAnswer, SurveyInvitation

# The same blank replaces the text in the answers' earlier audit entries.
ERASED_TEXT = {"text": ""}


@transaction.atomic
def survey_answer_texts_forget(*, actor: User, invitations: Iterable[SurveyInvitation]) -> int:
    """Blank the free text answered through `invitations` (those of a person whose personal
    data the registry erases, already fetched and authorised), here and in the answers'
    earlier audit entries; each response's entry says how many of its texts were blanked.
    How many were blanked."""
    answers = list(
        SurveyAnswer.objects.select_for_update(of=("self",))
        .filter(response__invitation__in=[invitation.pk for invitation in invitations])
        .exclude(text="")
        .select_related("response__survey")
        .order_by("pk")
    )
    audit_values_forget(records=answers, blanks=ERASED_TEXT)
    SurveyAnswer.objects.filter(pk__in=[answer.pk for answer in answers]).update(text="")
    responses = {answer.response_id: answer.response for answer in answers}
    for response_id, response in sorted(responses.items()):
        audit_record(
            actor=actor,
            action="learning.survey_response.erased",
            obj=response,
            after={
                "texts_cleared": sum(1 for answer in answers if answer.response_id == response_id)
            },
        )
    return len(answers)

"""A post-distribution monitoring interview from ODK Collect: the cycle's sampled
beneficiaries and the survey's questions are CSVs in the manifest, and the answers are taken
as the beneficiary's own link takes them, once."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from sunbula.assistance import services as assistance
from sunbula.assistance.models import Entitlement, MonitoringSample
from sunbula.core.models import User
from sunbula.fieldforms.models import Submission
from sunbula.learning.models import SurveyQuestion, SurveyResponse
from tests.conftest import Field, World, served_flour
from tests.fieldforms.conftest import device_collect, monitoring_form_publish

pytestmark = pytest.mark.django_db

MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"


def _answer(question: SurveyQuestion) -> dict[str, str]:
    if question.kind in SurveyQuestion.CHOICE_KINDS:
        return {"question": str(question.pk), "options": str(question.options.first().pk)}  # type: ignore[union-attr]
    if question.kind == SurveyQuestion.Kind.SCALE:
        return {"question": str(question.pk), "value": str(question.scale_values[-1])}
    return {"question": str(question.pk), "value": "3" if question.kind == "number" else "Fine"}


def test_a_sampled_beneficiary_answers_once_and_again_waits_for_review(
    world: World,
    admin: User,
    field: Field,
    scene: tuple[list[Entitlement], object, int],
) -> None:
    served_flour(field, "HH-1")
    monitoring, _links = assistance.monitoring_start(
        actor=None, cycle=field.cycle, seed=1, sample_size=1
    )
    sample = MonitoringSample.objects.get(monitoring=monitoring)
    form = monitoring_form_publish(admin, world, field)
    collect = device_collect(admin, form)
    manifest = ElementTree.fromstring(collect.get(f"forms/{form.form_id}/manifest").content)
    media = {
        item.findtext(f"{MANIFEST}filename"): collect.get(
            item.findtext(f"{MANIFEST}downloadUrl") or ""
        ).content.decode()
        for item in manifest.iter(f"{MANIFEST}mediaFile")
    }
    assert f"{sample.pk},HH-1" in media["sampled.csv"]
    questions = list(SurveyQuestion.objects.filter(survey=monitoring.survey))
    assert all(str(question.pk) in media["questions.csv"] for question in questions)
    values = {"sample": str(sample.pk), "answer": [_answer(question) for question in questions]}
    response, instance_id = collect.submit(form, values)
    assert response.status_code == 201, response.content
    answered = SurveyResponse.objects.get(survey=monitoring.survey)
    assert Submission.objects.get(instance_id=instance_id).records == [
        ["learning.surveyresponse", answered.pk]
    ]
    _response, waiting = collect.submit(form, values)
    submission = Submission.objects.get(instance_id=waiting)
    assert submission.status == Submission.Status.REVIEW
    assert "already been answered" in submission.shown_reason
    assert SurveyResponse.objects.count() == 1

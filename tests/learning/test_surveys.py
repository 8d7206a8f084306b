"""Surveys: written, sent to an event's attendees or a list, answered once per link on the
public page in the respondent's language, and read as a table of bars and as CSV/XLSX."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Survey, SurveyInvitation, SurveyQuestion
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved, at, register

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/s/([A-Za-z0-9_-]+)/")


def feedback(workshop: Workshop, actor: User | None = None) -> Survey:
    survey = services.survey_create(
        actor=actor,
        title="Workshop feedback",
        title_translations={"ar": "تقييم الورشة", "fr": "Évaluation de l'atelier"},
        event=workshop.event,
        purpose="feedback",
    )
    services.survey_question_add(
        actor=actor,
        survey=survey,
        label="Was the workshop useful?",
        label_translations={"ar": "هل كانت الورشة مفيدة؟"},
        kind="single",
        required=True,
        options=[
            services.OptionText("Yes", {"ar": "نعم", "fr": "Oui"}),
            services.OptionText("No", {"ar": "لا", "fr": "Non"}),
        ],
    )
    services.survey_question_add(
        actor=actor, survey=survey, label="Rate the interpretation", kind="scale"
    )
    services.survey_question_add(
        actor=actor,
        survey=survey,
        label="Topics for next time",
        kind="multiple",
        options=[services.OptionText(name, {}) for name in ("Trade", "Stocks", "Nutrition")],
    )
    services.survey_question_add(actor=actor, survey=survey, label="Comments", kind="text")
    services.survey_question_add(actor=actor, survey=survey, label="Colleagues", kind="number")
    return survey


def tokens(outbox: list[Any]) -> dict[str, str]:
    """Each addressee's token, read from the link in their e-mail."""
    found = {}
    for message in outbox:
        match = LINK.search(message.body)
        assert match, message.body
        found[message.to[0]] = match.group(1)
    return found


def attended(workshop: Workshop, world: World) -> tuple[Any, Any]:
    """Amina attended (Arabic), Bolat was approved but never came."""
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi", language="ar")
    bolat = approved(workshop.event, world.kazakhstan, "Bolat Serikov")
    services.attendance_check_in(
        actor=None, session=workshop.morning, registration=amina, now=at(9)
    )
    return amina, bolat


def test_a_survey_for_an_event_follows_its_scope(workshop: Workshop, world: World) -> None:
    survey = feedback(workshop)
    assert survey.country is None  # the workshop is international
    assert [question.kind for question in survey.questions.all()] == [
        "single",
        "scale",
        "multiple",
        "text",
        "number",
    ]
    assert [option.local_name for option in survey.questions.first().options.all()] == [  # type: ignore[union-attr]
        "Yes",
        "No",
    ]


def test_a_choice_question_needs_two_options(workshop: Workshop) -> None:
    survey = services.survey_create(actor=None, title="Feedback", event=workshop.event)
    with pytest.raises(ValidationError) as refused:
        services.survey_question_add(
            actor=None,
            survey=survey,
            label="Useful?",
            kind="single",
            options=[services.OptionText("Yes", {})],
        )
    assert "options" in refused.value.message_dict
    assert not SurveyQuestion.objects.filter(survey=survey).exists()


def test_send_to_attendees_in_their_language_after_commit(
    workshop: Workshop,
    world: World,
    admin: User,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.SUNBULA_BASE_URL = "https://sunbula.example.org"
    attended(workshop, world)
    survey = feedback(workshop, admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations = services.survey_send(actor=admin, survey=survey, to_attendees=True)
    assert [invitation.email for invitation in invitations] == ["amina@example.org"]
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "تقييم الورشة" in message.subject
    assert "https://sunbula.example.org/ar/learning/s/" in message.body
    token = tokens(mail.outbox)["amina@example.org"]
    # Only the digest is stored.
    invitation = SurveyInvitation.objects.get(survey=survey)
    assert token not in invitation.token_digest and len(invitation.token_digest) == 64


def test_send_to_a_list_skips_addresses_already_invited(
    workshop: Workshop, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = feedback(workshop, admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_send(
            actor=admin, survey=survey, emails=["A@example.org", "b@example.org"], language="fr"
        )
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("Évaluation" in message.subject for message in mail.outbox)
    with pytest.raises(services.SurveyRefused):
        services.survey_send(actor=admin, survey=survey, emails=["a@example.org"])
    with pytest.raises(ValidationError) as refused:
        services.survey_send(actor=admin, survey=survey, emails=["not an address"])
    assert "emails" in refused.value.message_dict
    # Once sent, its questions stay as they were answered.
    with pytest.raises(services.SurveyRefused):
        services.survey_question_add(actor=admin, survey=survey, label="More?", kind="text")


def test_invite_a_given_list_mails_addresses_and_returns_the_other_links(
    workshop: Workshop, django_capture_on_commit_callbacks: Any
) -> None:
    survey = feedback(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.survey_invite(
            actor=None,
            survey=survey,
            recipients=[
                services.Recipient(email="c@example.org", language="fr"),
                services.Recipient(language="ar"),
                services.Recipient(language="ar"),
            ],
        )
    assert [message.to[0] for message in mail.outbox] == ["c@example.org"]
    offline = [each for each in issued if not each.invitation.email]
    assert len(offline) == 2 and "/ar/" in offline[0].link
    assert len({each.token for each in issued}) == 3
    useful = survey.questions.get(position=1)
    yes = useful.options.first()
    assert yes is not None
    services.survey_respond(actor=None, token=offline[0].token, answers={useful.pk: yes.pk})
    assert SurveyInvitation.objects.filter(survey=survey, answered_at__isnull=False).count() == 1


def _send_one(survey: Survey, address: str, capture: Any, language: str = "en") -> str:
    mail.outbox.clear()
    with capture(execute=True):
        services.survey_send(actor=None, survey=survey, emails=[address], language=language)
    return tokens(mail.outbox)[address]


def test_answered_once_per_link(
    workshop: Workshop, django_capture_on_commit_callbacks: Any
) -> None:
    survey = feedback(workshop)
    token = _send_one(survey, "x@example.org", django_capture_on_commit_callbacks)
    useful, scale, topics, _comments, _number = survey.questions.all()
    yes = useful.options.first()
    answers = {useful.pk: str(yes.pk), scale.pk: 4, topics.pk: []}  # type: ignore[union-attr]
    response = services.survey_respond(actor=None, token=token, answers=answers)
    assert response.answers.count() == 2
    with pytest.raises(services.AlreadyAnswered):
        services.survey_respond(actor=None, token=token, answers=answers)
    assert survey.responses.count() == 1


def test_bad_answers_are_refused_by_question(
    workshop: Workshop, django_capture_on_commit_callbacks: Any
) -> None:
    survey = feedback(workshop)
    token = _send_one(survey, "x@example.org", django_capture_on_commit_callbacks)
    useful, scale, _topics, _comments, number = survey.questions.all()
    with pytest.raises(ValidationError) as refused:
        services.survey_respond(actor=None, token=token, answers={scale.pk: 9, number.pk: "many"})
    assert set(refused.value.message_dict) == {
        useful.field_name,
        scale.field_name,
        number.field_name,
    }
    assert not survey.responses.exists()
    with pytest.raises(services.SurveyRefused):
        services.survey_respond(actor=None, token="not-a-token", answers={})


def _answer_on_page(client: Any, token: str, data: dict[str, Any], language: str = "en") -> Any:
    return client.post(f"/{language}/learning/s/{token}/", data)


def test_public_page_in_arabic_answers_once(
    workshop: Workshop, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    survey = feedback(workshop)
    token = _send_one(survey, "x@example.org", django_capture_on_commit_callbacks, "ar")
    client = Client()
    page = client.get(f"/ar/learning/s/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html and "تقييم الورشة" in html and "هل كانت الورشة مفيدة؟" in html
    assert "نعم" in html
    useful, scale, topics, comments, number = survey.questions.all()
    empty = _answer_on_page(client, token, {}, "ar")
    assert empty.status_code == 422
    assert not survey.responses.exists()
    no = useful.options.last()
    trade, stocks, _nutrition = topics.options.all()
    done = _answer_on_page(
        client,
        token,
        {
            useful.field_name: no.pk,  # type: ignore[union-attr]
            scale.field_name: "5",
            topics.field_name: [trade.pk, stocks.pk],
            comments.field_name: "شكرا",
            number.field_name: "3",
        },
        "ar",
    )
    assert done.status_code == 200 and 'id="thanks"' in done.content.decode()
    again = _answer_on_page(client, token, {useful.field_name: no.pk}, "ar")  # type: ignore[union-attr]
    assert again.status_code == 409
    assert 'id="done"' in again.content.decode()
    assert survey.responses.count() == 1
    assert survey.responses.get().language == "ar"
    assert client.get("/en/learning/s/unknown-token/").status_code == 404


def test_results_as_bars_and_downloads(
    workshop: Workshop, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = feedback(workshop, admin)
    useful, scale, topics, comments, _number = survey.questions.all()
    yes, no = useful.options.all()
    trade, _stocks, nutrition = topics.options.all()
    for index, (choice, step) in enumerate([(yes, 5), (yes, 4), (no, 2)]):
        token = _send_one(survey, f"r{index}@example.org", django_capture_on_commit_callbacks)
        services.survey_respond(
            actor=None,
            token=token,
            answers={
                useful.pk: str(choice.pk),
                scale.pk: step,
                topics.pk: [str(trade.pk), str(nutrition.pk)],
                comments.pk: f"Comment {index}",
            },
        )
    client = client_for(admin)
    page = client.get(f"/en/learning/surveys/{survey.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<rect x="0" width="67"' in html  # Yes: two of three
    assert '<rect x="0" width="33"' in html
    assert "Comment 2" in html
    assert "3.67" in html  # the scale's mean
    download = client.get(f"/en/learning/surveys/{survey.pk}/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert rows[0][3:] == [
        "Was the workshop useful?",
        "Rate the interpretation",
        "Topics for next time",
        "Topics for next time / Trade",
        "Topics for next time / Stocks",
        "Topics for next time / Nutrition",
        "Comments",
        "Colleagues",
    ]
    assert rows[1][3:10] == ["Yes", "5", "Trade, Nutrition", "1", "0", "1", "Comment 0"]
    xlsx = client.get(f"/en/learning/surveys/{survey.pk}/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet.max_row == 4
    arabic = client.get(f"/ar/learning/surveys/{survey.pk}/").content.decode()
    assert '<rect x="33" width="67"' in arabic  # bars run from the right in Arabic


def test_survey_pages_create_question_and_send(
    workshop: Workshop,
    world: World,
    organiser: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    attended(workshop, world)
    client = client_for(organiser)
    form = client.get(f"/en/learning/surveys/new/?event={workshop.event.pk}")
    assert form.status_code == 200 and "Feedback: Food security governance" in form.content.decode()
    checked = client.post(
        "/en/learning/surveys/new/?validate=1", {"title": "", "purpose": "feedback"}
    )
    assert checked.status_code == 200 and not Survey.objects.exists()
    created = client.post(
        "/en/learning/surveys/new/",
        {
            "title": "Feedback",
            "title_ar": "تقييم",
            "purpose": "feedback",
            "event": workshop.event.pk,
        },
    )
    survey = Survey.objects.get()
    assert created.status_code == 302 and survey.title_translations == {"ar": "تقييم"}
    empty = client.get(f"/en/learning/surveys/{survey.pk}/send/")
    assert empty.status_code == 409
    assert "Add a question before sending the survey." in empty.content.decode()
    refused = client.post(
        f"/en/learning/surveys/{survey.pk}/questions/new/",
        {"label": "Useful?", "kind": "single", "options": "Yes\nNo", "options_ar": "نعم"},
    )
    assert refused.status_code == 422
    assert "as many options as in English" in refused.content.decode()
    added = client.post(
        f"/en/learning/surveys/{survey.pk}/questions/new/",
        {
            "label": "Useful?",
            "kind": "single",
            "options": "Yes\nNo",
            "options_ar": "نعم\nلا",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert added.status_code == 302
    question = survey.questions.get()
    assert [option.name_translations for option in question.options.all()] == [
        {"ar": "نعم"},
        {"ar": "لا"},
    ]
    nobody = client.post(f"/en/learning/surveys/{survey.pk}/send/", {"language": "en"})
    assert nobody.status_code == 422
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/en/learning/surveys/{survey.pk}/send/",
            {"to_attendees": "on", "emails": "guest@example.org", "language": "fr"},
        )
    assert sent.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amina@example.org",
        "guest@example.org",
    ]
    listing = client.get("/en/learning/surveys/?q=feedback")
    assert "Feedback" in listing.content.decode()
    # Once sent, its questions are fixed: the page to add one answers with the survey's page.
    late = client.get(f"/en/learning/surveys/{survey.pk}/questions/new/")
    assert late.status_code == 409
    assert "its questions can no longer change" in late.content.decode()
    assert client.post(f"/en/learning/surveys/{survey.pk}/close/").status_code == 302
    closed = client.get(f"/en/learning/surveys/{survey.pk}/send/")
    assert closed.status_code == 409 and "The survey is closed." in closed.content.decode()
    assert survey.questions.count() == 1


def test_survey_scoping(
    workshop: Workshop, world: World, officer_afg: User, officer_kaz: User, outsider: User
) -> None:
    workshop.event.country = world.afghanistan
    workshop.event.save()
    survey = feedback(workshop)
    assert survey.country == world.afghanistan
    kaz = client_for(officer_kaz)
    assert kaz.get(f"/en/learning/surveys/{survey.pk}/").status_code == 404
    assert kaz.post(f"/en/learning/surveys/{survey.pk}/send/", {}).status_code == 404
    assert "Workshop feedback" not in kaz.get("/en/learning/surveys/").content.decode()
    afg = client_for(officer_afg)
    assert afg.get(f"/en/learning/surveys/{survey.pk}/").status_code == 200
    assert client_for(outsider).get("/en/learning/surveys/").status_code == 403
    # An officer limited to Afghanistan cannot hang a survey on Kazakhstan's event.
    other = services.event_create(
        actor=None,
        title="Almaty seminar",
        kind="meeting",
        modality="in_person",
        country=world.kazakhstan,
        starts_on=workshop.event.starts_on,
        ends_on=workshop.event.ends_on,
    )
    refused = afg.post(
        "/en/learning/surveys/new/", {"title": "Feedback", "purpose": "feedback", "event": other.pk}
    )
    assert refused.status_code == 422 and Survey.objects.count() == 1


def test_invited_people_and_registrations(workshop: Workshop, world: World) -> None:
    """Only approved participants marked present are attendees."""
    amina, _bolat = attended(workshop, world)
    register(workshop.event, world.kazakhstan, "Chinara Pending")
    assert services.surveys.attendees(workshop.event) == [amina]  # type: ignore[attr-defined]


def test_survey_api(
    workshop: Workshop,
    world: World,
    organiser: User,
    officer_kaz: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    attended(workshop, world)
    client = client_for(organiser)
    json = "application/json"
    created = client.post(
        "/api/v1/learning/surveys/",
        {"title": "Workshop feedback", "event": workshop.event.pk, "purpose": "feedback"},
        content_type=json,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    too_few = client.post(
        f"/api/v1/learning/surveys/{pk}/questions/",
        {"label": "Useful?", "kind": "single", "options": [{"name": "Yes"}]},
        content_type=json,
    )
    assert too_few.status_code == 400
    question = client.post(
        f"/api/v1/learning/surveys/{pk}/questions/",
        {
            "label": "Useful?",
            "kind": "single",
            "options": [{"name": "Yes", "name_translations": {"ar": "نعم"}}, {"name": "No"}],
        },
        content_type=json,
    )
    assert question.status_code == 201
    assert [option["name"] for option in question.json()["options"]] == ["Yes", "No"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/api/v1/learning/surveys/{pk}/send/",
            {"to_attendees": True, "emails": ["guest@example.org"]},
            content_type=json,
        )
    assert sent.status_code == 200 and sent.json() == {"invited": 2}
    assert len(mail.outbox) == 2
    again = client.post(
        f"/api/v1/learning/surveys/{pk}/send/", {"emails": ["guest@example.org"]}, content_type=json
    )
    assert again.status_code == 409
    detail = client.get(f"/api/v1/learning/surveys/{pk}/").json()
    assert detail["questions"][0]["kind"] == "single"
    standalone = client_for(officer_kaz).post(
        "/api/v1/learning/surveys/",
        {"title": "Distribution follow-up", "purpose": "monitoring", "country": "AFG"},
        content_type=json,
    )
    assert standalone.status_code == 400
    own = client_for(officer_kaz).post(
        "/api/v1/learning/surveys/",
        {"title": "Distribution follow-up", "purpose": "monitoring", "country": "KAZ"},
        content_type=json,
    )
    assert own.status_code == 201
    assert (
        client_for(officer_kaz)
        .post(
            f"/api/v1/learning/surveys/{pk}/send/", {"emails": ["x@example.org"]}, content_type=json
        )
        .status_code
        == 403
    )

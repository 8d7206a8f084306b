"""Surveys answered in Dari and Pashto: a link in either opens a plain right-to-left page in
that language (no URL prefix of its own, no staff layout), whose answers are recorded in it;
an unknown language is refused; Arabic links work as they did."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from sunbula.assistance import services as assistance
from sunbula.assistance.models import Entitlement
from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Survey, SurveyResponse
from tests.conftest import Field, World, client_for, served_flour
from tests.openapi import schema

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(https?://[^"]+/learning/s/[A-Za-z0-9_-]+/)"')
JSON = "application/json"
# What the respondent reads, by language: the question, the first option, the submit button,
# the thanks and the message for a question left unanswered.
READS = {
    "fa-af": (
        "آیا تخم به وقت رسید؟",
        "بلی",
        "پاسخ‌هایم را بفرست",
        "تشکر: پاسخ‌های شما ثبت شد.",
        "لطفاً به این سوال پاسخ دهید.",
    ),
    "ps": (
        "ایا تخم په وخت ورسېد؟",
        "هو",
        "زما ځوابونه ولېږئ",
        "مننه: ستاسو ځوابونه ثبت شول.",
        "مهرباني وکړئ دې پوښتنې ته ځواب ورکړئ.",
    ),
}
ENGLISH_ON_THE_PAGE = ("Send my answers", "Did the seed arrive on time?", "Staff sign-in")


@pytest.fixture
def survey(world: World) -> Survey:
    """A survey of farmers in Afghanistan, its one required question in Dari and Pashto."""
    survey = services.survey_create(
        actor=None,
        title="Seed delivery",
        title_translations={"fa-af": "رسیدن تخم", "ps": "د تخمونو رسېدل", "ar": "وصول البذور"},
        country=world.afghanistan,
        purpose="monitoring",
    )
    services.survey_question_add(
        actor=None,
        survey=survey,
        label="Did the seed arrive on time?",
        label_translations={
            "fa-af": READS["fa-af"][0],
            "ps": READS["ps"][0],
            "ar": "هل وصلت البذور في الوقت المحدد؟",
        },
        kind="single",
        required=True,
        options=[
            services.OptionText("Yes", {"fa-af": "بلی", "ps": "هو", "ar": "نعم"}),
            services.OptionText("No", {"fa-af": "نخیر", "ps": "نه", "ar": "لا"}),
        ],
    )
    return survey


def links_page(survey: Survey) -> str:
    return f"/en/learning/surveys/{survey.pk}/links/"


def one_link(survey: Survey, officer: User, language: str) -> str:
    """The address (path only) of one link made on the links page in `language`."""
    shown = client_for(officer).post(links_page(survey), {"count": "1", "language": language})
    assert shown.status_code == 200, shown.content[:2000]
    [link] = LINK.findall(shown.content.decode())
    return urlsplit(link).path


def first_option(survey: Survey) -> tuple[str, str]:
    question = survey.questions.get()
    return question.field_name, str(question.options.order_by("position")[0].pk)


@pytest.fixture(params=["fa-af", "ps"])
def afghan_link(
    request: pytest.FixtureRequest, survey: Survey, officer_afg: User
) -> tuple[str, str]:
    """A link made on the links page in Dari, then in Pashto: its language and address."""
    language: str = request.param
    return language, one_link(survey, officer_afg, language)


def test_a_link_opens_a_plain_page_in_the_respondents_language(
    afghan_link: tuple[str, str],
) -> None:
    language, path = afghan_link
    question, option, button, _thanks, _required = READS[language]
    assert path.startswith("/en/learning/s/")  # Dari and Pashto are no URL prefix
    opened = Client().get(path)
    html = opened.content.decode()
    assert opened.status_code == 200
    assert f'lang="{language}"' in html and 'dir="rtl"' in html
    assert opened["Content-Language"] == language
    assert question in html and option in html and button in html
    assert not [english for english in ENGLISH_ON_THE_PAGE if english in html]
    assert "core/sunbula.css" not in html  # the farmer pages' plain layout, not the staff one


def test_answering_records_the_language_and_thanks_in_it(
    survey: Survey, afghan_link: tuple[str, str]
) -> None:
    language, path = afghan_link
    _question, _option, _button, thanks, required = READS[language]
    field, yes = first_option(survey)
    unanswered = Client().post(path, {field: ""})
    assert unanswered.status_code == 422
    assert required in unanswered.content.decode()
    assert "This field is required" not in unanswered.content.decode()
    answered = Client().post(path, {field: yes})
    html = answered.content.decode()
    assert answered.status_code == 200
    assert thanks in html and f'lang="{language}"' in html and 'dir="rtl"' in html
    assert "Thank you" not in html
    response = SurveyResponse.objects.get(survey=survey)
    assert response.language == language
    assert response.answers.get().option_id == int(yes)


def test_an_unknown_language_is_refused_on_the_pages_and_in_the_api(
    survey: Survey, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    links = client.post(links_page(survey), {"count": "1", "language": "uz"})
    assert links.status_code == 422
    send = client.post(
        f"/en/learning/surveys/{survey.pk}/send/",
        {"emails": "farmer@example.org", "language": "uz"},
    )
    assert send.status_code == 422
    api = f"/api/v1/learning/surveys/{survey.pk}"
    body: dict[str, Any] = {"count": 1, "language": "uz"}
    assert client.post(f"{api}/links/", body, content_type=JSON).status_code == 400
    body = {"emails": ["farmer@example.org"], "language": "uz"}
    assert client.post(f"{api}/send/", body, content_type=JSON).status_code == 400
    with pytest.raises(ValidationError):
        services.survey_invite(
            actor=None, survey=survey, recipients=[services.Recipient(language="uz")]
        )
    assert not survey.invitations.exists()


def test_the_api_makes_links_and_sends_in_dari(
    survey: Survey, officer_afg: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(officer_afg)
    api = f"/api/v1/learning/surveys/{survey.pk}"
    made = client.post(f"{api}/links/", {"count": 1, "language": "fa-af"}, content_type=JSON)
    assert made.status_code == 201, made.json()
    [link] = made.json()
    assert link["language"] == "fa-af" and "/en/learning/s/" in link["link"]
    assert READS["fa-af"][0] in Client().get(urlsplit(link["link"]).path).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"{api}/send/",
            {"emails": ["farmer@example.org"], "language": "fa-af"},
            content_type=JSON,
        )
    assert sent.status_code == 200 and sent.json() == {"invited": 1}
    [message] = mail.outbox
    assert message.subject == "نظرسنجی: رسیدن تخم"
    assert "/en/learning/s/" in message.body
    assert survey.invitations.get(email="farmer@example.org").language == "fa-af"


def test_the_schema_names_the_respondents_languages_apart() -> None:
    enums = schema()["components"]["schemas"]
    assert "fa-af" in enums["RespondentLanguageEnum"]["enum"]
    assert "fa-af" not in enums["LanguageEnum"]["enum"]  # an event's listening languages


def test_monitoring_in_pashto_asks_its_respondents_in_pashto(
    field: Field, scene: tuple[list[Entitlement], object, int]
) -> None:
    served_flour(field, "HH-1", "HH-2")
    monitoring, links = assistance.monitoring_start(
        actor=None, cycle=field.cycle, seed=5, sample_size=1, language="ps"
    )
    assert monitoring.language == "ps"
    opened = Client().get(urlsplit(links[0].link).path)
    html = opened.content.decode()
    assert opened.status_code == 200
    assert 'lang="ps"' in html and 'dir="rtl"' in html
    assert "ایا تاسو بشپړه جیره ترلاسه کړه؟" in html and "هو، ټوله مې ترلاسه کړه" in html
    assert "له وېش وروسته څارنه" in html
    assert "Did you receive the full ration?" not in html and "Send my answers" not in html


def test_an_arabic_link_works_as_before(survey: Survey, officer_afg: User) -> None:
    path = one_link(survey, officer_afg, "ar")
    assert path.startswith("/ar/learning/s/")
    opened = Client().get(path)
    html = opened.content.decode()
    assert opened.status_code == 200
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert opened["Content-Language"] == "ar"
    assert "هل وصلت البذور في الوقت المحدد؟" in html and "أرسل إجاباتي" in html
    assert "core/sunbula.css" in html  # the usual layout, with its language switch
    field, yes = first_option(survey)
    answered = Client().post(path, {field: yes})
    assert answered.status_code == 200
    assert "شكرًا لك: سُجّلت إجاباتك." in answered.content.decode()
    assert SurveyResponse.objects.get(survey=survey).language == "ar"

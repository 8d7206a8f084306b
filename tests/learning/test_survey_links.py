"""Links to hand out: respondents without an e-mail address get a survey link of their own,
shown once on the page (or in the API's answer) and kept only as a digest."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.learning import services
from sunbula.learning.models import Survey, SurveyInvitation
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(https?://[^"]+/learning/s/([A-Za-z0-9_-]+)/)"')
JSON = "application/json"


@pytest.fixture
def survey(world: World) -> Survey:
    """A survey of farmers in Afghanistan with one question, not sent yet."""
    survey = services.survey_create(
        actor=None,
        title="Harvest follow-up",
        title_translations={"ar": "متابعة الحصاد"},
        country=world.afghanistan,
        purpose="monitoring",
    )
    services.survey_question_add(
        actor=None, survey=survey, label="How many sacks did you harvest?", kind="number"
    )
    return survey


def page(survey: Survey, language: str = "en") -> str:
    return f"/{language}/learning/surveys/{survey.pk}/links/"


def api(survey: Survey) -> str:
    return f"/api/v1/learning/surveys/{survey.pk}/links/"


def links(html: str) -> list[str]:
    return [match.group(1) for match in LINK.finditer(html)]


def answer_page(link: str) -> Any:
    """The respondent's public page, opened by someone who has only the link."""
    return Client().get(urlsplit(link).path)


def test_the_page_asks_for_names_or_a_number(survey: Survey, officer_afg: User) -> None:
    client = client_for(officer_afg)
    form = client.get(page(survey))
    html = form.content.decode()
    assert form.status_code == 200
    assert 'name="names"' in html and 'name="count"' in html and 'name="language"' in html
    assert not links(html) and not survey.invitations.exists()
    detail = client.get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    assert f'href="/en/learning/surveys/{survey.pk}/links/"' in detail


def test_three_names_give_three_working_links(survey: Survey, officer_afg: User) -> None:
    names = ["Amina Karimi", "Bolat Serikov", "Gul Ahmad"]
    shown = client_for(officer_afg).post(
        page(survey), {"names": "\n".join(names) + "\n\n", "language": "en"}
    )
    html = shown.content.decode()
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    assert "shown only this once and cannot be shown again" in html
    assert all(name in html for name in names)
    given = links(html)
    assert len(set(given)) == 3
    assert sorted(survey.invitations.values_list("full_name", flat=True)) == sorted(names)
    opened = answer_page(given[0])
    assert opened.status_code == 200
    assert "How many sacks did you harvest?" in opened.content.decode()
    entry = AuditEntry.objects.get(action="learning.survey.sent", object_id=str(survey.pk))
    assert entry.actor == officer_afg and entry.after == {"invited": 3, "by_email": 0}


def test_a_number_gives_links_without_names(survey: Survey, officer_afg: User) -> None:
    shown = client_for(officer_afg).post(page(survey), {"count": "2", "language": "ar"})
    html = shown.content.decode()
    assert shown.status_code == 200
    assert "Respondent 1" in html and "Respondent 2" in html and "Respondent 3" not in html
    given = links(html)
    assert len(set(given)) == 2 and all("/ar/learning/s/" in link for link in given)
    assert set(survey.invitations.values_list("full_name", "language")) == {("", "ar")}
    assert 'dir="rtl"' in answer_page(given[1]).content.decode()


def test_the_links_are_kept_only_as_digests(survey: Survey, officer_afg: User) -> None:
    client = client_for(officer_afg)
    shown = client.post(page(survey), {"names": "Amina Karimi\nGul Ahmad", "language": "en"})
    tokens = [match.group(2) for match in LINK.finditer(shown.content.decode())]
    assert len(tokens) == 2
    digests = set(survey.invitations.values_list("token_digest", flat=True))
    assert digests == {hashlib.sha256(token.encode()).hexdigest() for token in tokens}
    stored = [
        str(value) for row in SurveyInvitation.objects.values_list() for value in row if value
    ]
    assert not [value for value in stored for token in tokens if token in value]
    again = client.get(page(survey)).content.decode()
    detail = client.get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    assert not links(again) and not links(detail)
    assert not any(token in again or token in detail for token in tokens)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"language": "en"}, "or a number of links"),
        ({"names": "Amina Karimi", "count": "2", "language": "en"}, "or a number of links"),
        ({"count": "501", "language": "en"}, "less than or equal to 500"),
        ({"count": "0", "language": "en"}, "greater than or equal to 1"),
        ({"names": "\n".join(f"Farmer {n}" for n in range(501)), "language": "en"}, "500 names"),
        ({"names": "A" * 201, "language": "en"}, "longer than 200 characters"),
        ({"count": "2", "language": "xx"}, "Select a valid choice"),
    ],
)
def test_refused_input_gives_the_form_back_and_writes_nothing(
    survey: Survey, officer_afg: User, data: dict[str, str], error: str
) -> None:
    refused = client_for(officer_afg).post(page(survey), data)
    html = refused.content.decode()
    assert refused.status_code == 422
    assert error in html.replace("&#x27;", "'") and not links(html)
    assert not survey.invitations.exists()
    assert not AuditEntry.objects.filter(action="learning.survey.sent").exists()


def test_checking_the_form_in_place_makes_no_link(survey: Survey, officer_afg: User) -> None:
    checked = client_for(officer_afg).post(
        page(survey) + "?validate=1", {"count": "2", "language": "en"}
    )
    assert checked.status_code == 200 and not links(checked.content.decode())
    assert not survey.invitations.exists()


def test_a_closed_survey_gives_no_links(survey: Survey, officer_afg: User) -> None:
    services.survey_close(actor=None, survey=survey)
    refused = client_for(officer_afg).post(page(survey), {"count": "3", "language": "en"})
    assert refused.status_code == 422
    assert "The survey is closed." in refused.content.decode()
    assert not survey.invitations.exists()
    closed = client_for(officer_afg).get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    assert f"/learning/surveys/{survey.pk}/links/" not in closed


def test_outside_the_scope_404_and_read_only_403(
    survey: Survey, officer_kaz: User, protection_officer: User
) -> None:
    elsewhere = client_for(officer_kaz)
    assert elsewhere.get(page(survey)).status_code == 404
    assert elsewhere.post(page(survey), {"count": "1", "language": "en"}).status_code == 404
    assert elsewhere.post(api(survey), {"count": 1}, content_type=JSON).status_code == 404
    reader = client_for(protection_officer)
    assert reader.get(f"/en/learning/surveys/{survey.pk}/").status_code == 200
    assert (
        f"/learning/surveys/{survey.pk}/links/"
        not in reader.get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    )
    assert reader.get(page(survey)).status_code == 403
    assert reader.post(page(survey), {"count": "1", "language": "en"}).status_code == 403
    assert reader.post(api(survey), {"count": 1}, content_type=JSON).status_code == 403
    assert not survey.invitations.exists()


def test_the_api_gives_links_for_names_and_for_a_number(survey: Survey, officer_afg: User) -> None:
    client = client_for(officer_afg)
    named = client.post(
        api(survey), {"names": ["Amina Karimi", "Gul Ahmad"], "language": "fr"}, content_type=JSON
    )
    assert named.status_code == 201, named.json()
    assert [(each["full_name"], each["language"]) for each in named.json()] == [
        ("Amina Karimi", "fr"),
        ("Gul Ahmad", "fr"),
    ]
    assert "/fr/learning/s/" in named.json()[0]["link"]
    assert "no-store" in named["Cache-Control"]
    assert answer_page(named.json()[1]["link"]).status_code == 200
    unnamed = client.post(api(survey), {"count": 3}, content_type=JSON)
    assert unnamed.status_code == 201
    assert [each["full_name"] for each in unnamed.json()] == ["", "", ""]
    assert len({each["link"] for each in named.json() + unnamed.json()}) == 5
    assert survey.invitations.count() == 5
    assert AuditEntry.objects.filter(action="learning.survey.sent", actor=officer_afg).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"language": "en"},
        {"names": ["Amina Karimi"], "count": 1},
        {"names": []},
        {"names": [""]},
        {"count": 0},
        {"count": 501},
        {"count": 1, "language": "xx"},
    ],
)
def test_the_api_refuses_a_bad_body(survey: Survey, officer_afg: User, body: Any) -> None:
    refused = client_for(officer_afg).post(api(survey), body, content_type=JSON)
    assert refused.status_code == 400, refused.json()
    assert not survey.invitations.exists()


def test_the_api_refuses_a_closed_survey(survey: Survey, officer_afg: User) -> None:
    services.survey_close(actor=None, survey=survey)
    refused = client_for(officer_afg, HTTP_ACCEPT_LANGUAGE="fr").post(
        api(survey), {"count": 1}, content_type=JSON
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "L'enquête est close."
    neither = client_for(officer_afg, HTTP_ACCEPT_LANGUAGE="fr").post(
        api(survey), {"language": "fr"}, content_type=JSON
    )
    assert neither.status_code == 400
    assert "soit les noms des répondants, soit un nombre de liens" in neither.content.decode()
    assert not survey.invitations.exists()


def test_the_page_in_arabic_is_right_to_left_and_translated(
    survey: Survey, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    form = client.get(page(survey, "ar")).content.decode()
    assert 'dir="rtl"' in form
    assert "روابط للتوزيع" in form and "أسماء المجيبين" in form
    assert "Respondents' names" not in form
    shown = client.post(page(survey, "ar"), {"count": "1", "language": "ar"}).content.decode()
    assert 'dir="rtl"' in shown and "المجيب 1" in shown and "متابعة الحصاد" in shown

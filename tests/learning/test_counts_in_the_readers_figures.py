"""The counts on an event's page and a survey's page are figures in the reader's format: the
thousands separated as the language separates them, in the digits its pages use, and the
sentence around a count in the plural the count asks for."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Survey
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_digits(settings: Any) -> None:
    """Arabic pages in Arabic-Indic digits (٠١٢), as an office may set them."""
    settings.FIGURE_DIGITS = {**settings.FIGURE_DIGITS, "ar": "arab"}


def _fact(html: str, term: str) -> str:
    found = re.search(rf"<dt>{term}</dt><dd[^>]*>(.*?)</dd>", html)
    assert found, term
    return found.group(1)


def _survey(workshop: Workshop, *, invited: int, answered: int) -> Survey:
    survey = services.survey_create(
        actor=None,
        title="Workshop feedback",
        title_translations={"ar": "تقييم الورشة", "fr": "Évaluation de l'atelier"},
        event=workshop.event,
        purpose="feedback",
    )
    useful = services.survey_question_add(
        actor=None,
        survey=survey,
        label="Was the workshop useful?",
        kind="single",
        required=True,
        options=[services.OptionText("Yes", {}), services.OptionText("No", {})],
    )
    issued = services.survey_invite(
        actor=None, survey=survey, recipients=[services.Recipient(language="ar")] * invited
    )
    yes = useful.options.first()
    assert yes is not None
    for each in issued[:answered]:
        services.survey_respond(actor=None, token=each.token, answers={useful.pk: yes.pk})
    return survey


def test_the_event_page_separates_thousands_and_counts_in_the_plural(
    workshop: Workshop, world: World, organiser: User, focal: User
) -> None:
    services.event_update(actor=None, event=workshop.event, capacity=1234)
    services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=1
    )
    _survey(workshop, invited=2, answered=1)
    client = client_for(organiser)
    english = client.get(f"/en/learning/events/{workshop.event.pk}/").content.decode()
    assert _fact(english, "Capacity") == "<bdi>1,234</bdi>"
    assert "(<bdi>0</bdi> of <bdi>1</bdi> place taken)" in english
    assert "(<bdi>1</bdi> of <bdi>2</bdi> answered)" in english
    french = client.get(f"/fr/learning/events/{workshop.event.pk}/").content.decode()
    assert _fact(french, "Capacité") == "<bdi>1\u202f234</bdi>"


def test_the_event_page_counts_in_arabic_digits_where_they_are_used(
    workshop: Workshop, world: World, organiser: User, arabic_digits: None
) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi", listening_language="ar")
    services.attendance_check_in(
        actor=None, session=workshop.morning, registration=amina, now=at(9)
    )
    _survey(workshop, invited=3, answered=2)
    html = client_for(organiser).get(f"/ar/learning/events/{workshop.event.pk}/").content.decode()
    assert _fact(html, "السعة") == "<bdi>٢</bdi>"
    headcount = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "<td><bdi>١</bdi></td>" in headcount  # one listening in Arabic
    assert re.search(r"</a>: <bdi>١</bdi></li>", html)  # one registration approved
    sessions = html[html.index("<tbody>", html.index("</tbody>")) :]
    assert "<td><bdi>١</bdi></td>" in sessions  # present at the morning session
    (surveyed,) = re.findall(r"تقييم الورشة</a> \((.*?)\)</li>", html)
    assert "<bdi>٢</bdi>" in surveyed and "<bdi>٣</bdi>" in surveyed
    assert not re.search(r"[0-9]", re.sub(r"<[^>]*>", "", surveyed))


def test_the_survey_page_counts_in_the_readers_figures(
    workshop: Workshop, organiser: User, arabic_digits: None
) -> None:
    survey = _survey(workshop, invited=3, answered=2)
    client = client_for(organiser)
    html = client.get(f"/ar/learning/surveys/{survey.pk}/").content.decode()
    assert 'id="invited"><bdi>٣</bdi></dd>' in html
    assert 'id="answered"><bdi>٢</bdi></dd>' in html
    (caption,) = re.findall(r"<caption>(.*?)</caption>", html)
    assert "<bdi>١</bdi>. " in caption and "<bdi>٢</bdi>" in caption
    assert "<td><bdi>٢</bdi></td><td><bdi>١٠٠</bdi></td>" in html  # both answered yes
    assert not re.search(r"[0-9]", re.sub(r"<[^>]*>", "", caption))
    english = client.get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    assert re.search(r"<bdi>2</bdi> answers\)</small>", english)

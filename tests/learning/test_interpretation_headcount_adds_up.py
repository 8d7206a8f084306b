"""The interpretation headcount counts every approved participant: a nomination sent through
the API in a language the event does not offer is refused on the field, and participants who
chose a language whose interpretation was dropped later stay counted, marked as no longer
offered, on the event's page and in the API."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Registration
from tests.conftest import World, client_for
from tests.learning.conftest import NOMINATION, Workshop, approved

pytestmark = pytest.mark.django_db


def test_a_nomination_in_a_language_the_event_does_not_offer_is_refused(
    workshop: Workshop, world: World, focal: User
) -> None:
    services.event_update(actor=None, event=workshop.event, interpretation_languages=["ar"])
    delegation = services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=2
    )
    client = client_for(focal)
    url = f"/api/v1/learning/delegations/{delegation.pk}/nominate/"
    refused = client.post(url, NOMINATION, content_type="application/json")  # listens in Russian
    assert refused.status_code == 400, refused.content
    assert "listening_language" in refused.json()
    assert "English, Arabic" in str(refused.json())
    assert not Registration.objects.exists()
    # Without a listening language, the nominee listens in the event's working language.
    values = {key: value for key, value in NOMINATION.items() if key != "listening_language"}
    nominated = client.post(url, values, content_type="application/json")
    assert nominated.status_code == 201, nominated.content
    assert Registration.objects.get().listening_language == "en"


def test_participants_of_a_dropped_interpretation_stay_counted(
    workshop: Workshop, world: World, organiser: User
) -> None:
    approved(workshop.event, world.kazakhstan, "Aigerim Sadykova", listening_language="ru")
    approved(workshop.event, world.afghanistan, "Amina Karimi", listening_language="ar")
    services.event_update(actor=None, event=workshop.event, interpretation_languages=["ar", "fr"])
    client = client_for(organiser)
    page = client.get(f"/en/learning/events/{workshop.event.pk}/").content.decode()
    table = page.split("Interpretation headcount")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td><bdi>(\d+)</bdi></td></tr>", table)
    assert sum(int(count) for _label, count in rows) == 2
    assert rows[-1][0].startswith("Russian") and "no longer offered at this event" in rows[-1][0]
    answer = client.get(f"/api/v1/learning/events/{workshop.event.pk}/headcount/").json()
    assert {"language": "ru", "participants": 1, "offered": False} in answer
    assert {"language": "ar", "participants": 1, "offered": True} in answer
    assert sum(row["participants"] for row in answer) == 2

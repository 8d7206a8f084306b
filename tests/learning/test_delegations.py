"""A delegation's focal point is someone who may nominate for its country; the event page
names them, and offers "Nominate an official" only to whoever may use it, and to the event's
organiser the recording of a nomination received by letter."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Delegation
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, at

pytestmark = pytest.mark.django_db
NOMINATE = "Nominate an official"
RECORD = "Record a nomination received"


def test_the_focal_point_is_chosen_among_who_may_nominate_for_the_country(
    workshop: Workshop, organiser: User, focal: User, world: World, officer_afg: User
) -> None:
    client = client_for(organiser)
    url = f"/en/learning/events/{workshop.event.pk}/delegations/new/"
    choices = client.get(url).context["form"].fields["focal_point"].queryset
    assert focal in choices and organiser not in choices and officer_afg not in choices
    organiser_chosen = client.post(
        url, {"country": world.kazakhstan.pk, "focal_point": organiser.pk, "quota": 2}
    )
    assert organiser_chosen.status_code == 422 and "focal_point" in (
        organiser_chosen.context["form"].errors
    )
    other_country = client.post(
        url, {"country": world.afghanistan.pk, "focal_point": focal.pk, "quota": 2}
    )
    assert other_country.status_code == 422
    assert other_country.context["form"].errors["focal_point"] == [
        "Aigerim Bekova may not nominate officials for Afghanistan."
    ]
    assert not Delegation.objects.exists()
    added = client.post(url, {"country": world.kazakhstan.pk, "focal_point": focal.pk, "quota": 2})
    assert added.status_code == 302 and Delegation.objects.get().focal_point == focal


def test_the_event_page_names_the_focal_point_and_links_only_for_them(
    workshop: Workshop, organiser: User, focal: User, world: World
) -> None:
    delegation = services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=2
    )
    nominate = f"/en/learning/delegations/{delegation.pk}/nominate/"
    for_organiser = client_for(organiser).get(workshop.event.get_absolute_url()).content.decode()
    assert "Kazakhstan: Aigerim Bekova" in for_organiser
    assert "focal.kaz@example.org" not in for_organiser
    assert NOMINATE not in for_organiser and RECORD in for_organiser
    for_focal = client_for(focal).get(workshop.event.get_absolute_url()).content.decode()
    assert nominate in for_focal
    assert client_for(focal).get(nominate).status_code == 200


def test_a_focal_point_who_may_not_nominate_gets_no_link(
    workshop: Workshop, organiser: User, world: World, officer_afg: User
) -> None:
    """Chosen before the choice was limited: the organiser, who does not nominate, but records
    a nomination received by letter, with its reference."""
    delegation = Delegation.objects.create(
        event=workshop.event, country=world.kazakhstan, focal_point=organiser, quota=2
    )
    nominate = f"/en/learning/delegations/{delegation.pk}/nominate/"
    client = client_for(organiser)
    page = client.get(workshop.event.get_absolute_url()).content.decode()
    assert NOMINATE not in page and RECORD in page
    assert "received_by" in client.get(nominate).context["form"].fields
    outside = client_for(officer_afg)
    assert nominate not in outside.get(workshop.event.get_absolute_url()).content.decode()
    assert outside.get(nominate).status_code == 403


def test_a_cancelled_event_takes_no_nomination(
    workshop: Workshop, organiser: User, focal: User, world: World
) -> None:
    delegation = services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=2
    )
    services.event_cancel(actor=organiser, event=workshop.event, reason="Postponed", now=at(8))
    nominate = f"/en/learning/delegations/{delegation.pk}/nominate/"
    page = client_for(focal).get(workshop.event.get_absolute_url()).content.decode()
    assert nominate not in page
    refused = client_for(focal).get(nominate)
    assert refused.status_code == 409
    assert "This event is cancelled." in refused.content.decode()
    posted = client_for(focal).post(nominate, {"full_name": "Late Nominee"})
    assert posted.status_code == 409 and not delegation.members.exists()

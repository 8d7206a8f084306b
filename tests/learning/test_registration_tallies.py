"""An event's registrations by status are read from tallies the registration services keep:
after each kind of decision the tallies equal the registrations counted one by one, and the
event list reads the tallies rather than counting thousands of registrations a request."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Event, Registration, RegistrationTally
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved, at, register

pytestmark = pytest.mark.django_db


def _counted(event: Event) -> dict[str, int]:
    return dict(
        Registration.objects.filter(event=event)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def _tallied(event: Event) -> dict[str, int]:
    return dict(
        RegistrationTally.objects.filter(event=event, registrations__gt=0).values_list(
            "status", "registrations"
        )
    )


def test_every_decision_keeps_the_event_s_tally(workshop: Workshop, world: World) -> None:
    event = workshop.event  # two places
    amina = approved(event, world.afghanistan, "Amina One")
    bolat = approved(event, world.kazakhstan, "Bolat Two")
    chinara = approved(event, world.kazakhstan, "Chinara Three")
    approved(event, world.afghanistan, "Dawood Four")
    register(event, world.kazakhstan, "Erlan Five")
    farida = register(event, world.kazakhstan, "Farida Six")
    services.registration_reject(actor=None, registration=farida, reason="Not an official")
    expected = {"approved": 2, "waitlisted": 2, "pending": 1, "rejected": 1}
    assert _counted(event) == expected
    assert _tallied(event) == expected

    # Amina's place is offered to Chinara, who takes it; Bolat's goes to Dawood, who lets
    # the offer lapse.
    services.registration_withdraw(actor=None, registration=amina, now=at(8))
    services.offer_accept(actor=None, registration=chinara, now=at(9))
    services.registration_withdraw(actor=None, registration=bolat, now=at(10))
    lapsed = at(10) + datetime.timedelta(hours=services.OFFER_HOURS, minutes=1)
    assert services.offers_expire(actor=None, now=lapsed) == 1
    expected = {"approved": 1, "withdrawn": 2, "offer_expired": 1, "pending": 1, "rejected": 1}
    assert _counted(event) == expected
    assert _tallied(event) == expected


def test_the_event_list_reads_the_tallies(workshop: Workshop, world: World, admin: User) -> None:
    approved(workshop.event, world.afghanistan, "Amina One")
    register(workshop.event, world.kazakhstan, "Bolat Two")
    with CaptureQueriesContext(connection) as queries:
        html = client_for(admin).get("/en/learning/").content.decode()
    assert "<li>Pending: <bdi>1</bdi></li>" in html
    assert "<li>Approved: <bdi>1</bdi></li>" in html
    statements = [query["sql"] for query in queries.captured_queries]
    assert any("learning_registrationtally" in sql for sql in statements)
    # Neither the counts by status nor each row's approved participants read a registration.
    assert [sql for sql in statements if '"learning_registration"' in sql] == []
    assert re.search(r"<td>1 / 2</td>", html)  # Amina approved, of two places


def test_the_rebuild_command_counts_them_again(workshop: Workshop, world: World) -> None:
    approved(workshop.event, world.afghanistan, "Amina One")
    register(workshop.event, world.kazakhstan, "Bolat Two")
    RegistrationTally.objects.filter(event=workshop.event).update(registrations=7)
    output = io.StringIO()
    call_command("summaries_rebuild", stdout=output)
    assert "Registrations by status counted again" in output.getvalue()
    assert _tallied(workshop.event) == _counted(workshop.event) == {"approved": 1, "pending": 1}

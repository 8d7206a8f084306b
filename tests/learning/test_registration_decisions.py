"""Staff decide on registrations from the list: a rejection needs its reason, and an issued
certificate is linked where the button to issue it was."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Registration
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved, at, register

pytestmark = pytest.mark.django_db


def test_rejecting_without_a_reason_says_so_on_the_reason(
    workshop: Workshop, organiser: User, world: World
) -> None:
    registration = register(workshop.event, world.afghanistan, "Amina Karimi")
    client = client_for(organiser)
    url = f"/en/learning/registrations/{registration.pk}/reject/"
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 422
    assert refused.context["form"].errors["reason"] == ["This field is required."]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    rejected = client.post(url, {"reason": "Not a member state official"})
    assert rejected.status_code == 302
    assert rejected["Location"] == f"/en/learning/events/{workshop.event.pk}/registrations/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REJECTED
    assert registration.rejection_reason == "Not a member state official"
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 422
    assert "Only a pending or waiting registration can be rejected." in again.content.decode()


def test_an_issued_certificate_is_linked_instead_of_issued_again(
    workshop: Workshop, organiser: User, world: World
) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    for session in (workshop.morning, workshop.afternoon):
        services.attendance_check_in(actor=None, session=session, registration=amina, now=at(9))
    client = client_for(organiser)
    listed = f"/en/learning/events/{workshop.event.pk}/registrations/"
    assert "Issue certificate" in client.get(listed).content.decode()
    certificate = services.certificate_issue(actor=None, registration=amina)
    html = client.get(listed).content.decode()
    assert "Issue certificate" not in html
    assert f'href="/en/learning/verify/?code={certificate.code}"' in html

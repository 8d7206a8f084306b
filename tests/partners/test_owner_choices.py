"""An obligation's or a follow-up's owner is chosen among the colleagues who manage such
records in its country: the pages offer no one else, and the API refuses anyone else as an
id that does not exist."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import Role, User
from tests.conftest import World, client_for, make_persona
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db

OWNER_SELECT = re.compile(r'<select name="owner"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')


def _owners_offered(page: str) -> set[int]:
    select = OWNER_SELECT.search(page)
    assert select is not None, "the page offers no owner"
    return {int(pk) for pk in OPTION.findall(select.group(1))}


@pytest.fixture
def organiser_afg(world: World) -> User:
    """Manages engagements in Afghanistan, not agreements."""
    return make_persona(
        "organiser.afg@example.org", Role.EVENT_ORGANISER, world.iofs, [world.afghanistan]
    )


def test_the_agreement_page_offers_only_colleagues_who_manage_its_agreements(
    officer_afg: User,
    officer_kaz: User,
    donor_viewer: User,
    organiser_afg: User,
    admin: User,
    partnerships: Partnerships,
) -> None:
    page = client_for(officer_afg).get(f"/en/partners/agreements/{partnerships.agreement.pk}/")
    assert _owners_offered(page.content.decode()) == {officer_afg.pk, admin.pk}


def test_the_engagement_page_offers_only_colleagues_who_manage_its_engagements(
    officer_afg: User,
    officer_kaz: User,
    donor_viewer: User,
    organiser_afg: User,
    admin: User,
    partnerships: Partnerships,
) -> None:
    page = client_for(officer_afg).get(f"/en/partners/engagements/{partnerships.engagement.pk}/")
    assert _owners_offered(page.content.decode()) == {officer_afg.pk, organiser_afg.pk, admin.pk}


def test_the_page_refuses_an_owner_it_does_not_offer(
    officer_afg: User, donor_viewer: User, partnerships: Partnerships
) -> None:
    page = client_for(officer_afg).post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/obligations/",
        {"description": "Quarterly report", "due_on": "2026-03-31", "owner": donor_viewer.pk},
    )
    assert page.status_code == 422
    assert not partnerships.agreement.obligations.exists()


def test_the_api_refuses_an_owner_outside_the_colleagues_as_a_missing_id(
    officer_afg: User, officer_kaz: User, donor_viewer: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/agreements/{partnerships.agreement.pk}/obligations/"
    missing = client.post(
        url,
        {"description": "Report", "due_on": "2026-03-31", "owner": 987654321},
        content_type="application/json",
    ).json()
    for stranger in (donor_viewer, officer_kaz):
        refused = client.post(
            url,
            {"description": "Report", "due_on": "2026-03-31", "owner": stranger.pk},
            content_type="application/json",
        )
        assert refused.status_code == 400
        assert refused.json() == {
            "owner": [missing["owner"][0].replace("987654321", str(stranger.pk))]
        }
    follow_ups = f"/api/v1/engagements/{partnerships.engagement.pk}/follow-ups/"
    refused = client.post(
        follow_ups,
        {"description": "Call back", "owner": donor_viewer.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["owner"]
    assert not partnerships.agreement.obligations.exists()
    assert not partnerships.engagement.follow_ups.exists()

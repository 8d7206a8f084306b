"""Pledges follow their destination country, by page and by API; read-only roles get 403."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import Role, User
from sunbula.funding import services
from sunbula.funding.models import Pledge
from tests.conftest import World, client_for, make_persona
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pledges(world: World, money: Money) -> tuple[Pledge, Pledge]:
    afghan = kzt_pledge(world, money, reference="AFG-1")
    kazakh = kzt_pledge(
        world, money, reference="KAZ-1", country=world.kazakhstan, project=money.almaty
    )
    return afghan, kazakh


def test_officer_sees_only_her_country(
    two_pledges: tuple[Pledge, Pledge], officer_afg: User
) -> None:
    afghan, kazakh = two_pledges
    client = client_for(officer_afg)
    assert client.get(f"/en/funding/pledges/{afghan.pk}/").status_code == 200
    assert client.get(f"/en/funding/pledges/{kazakh.pk}/").status_code == 404
    assert client.post(f"/en/funding/pledges/{kazakh.pk}/revise/", {}).status_code == 404
    assert client.get(f"/api/v1/funding/pledges/{kazakh.pk}/").status_code == 404
    references = [p["reference"] for p in client.get("/api/v1/funding/pledges/").json()["results"]]
    assert references == ["AFG-1"]
    page = client.get("/en/funding/pledges/").content.decode()
    assert "AFG-1" in page and "KAZ-1" not in page
    csv = client.get("/en/funding/exports/fts-flows.csv").content.decode()
    assert "AFG-1" in csv and "KAZ-1" not in csv


def test_donor_viewer_reads_but_may_not_write(
    two_pledges: tuple[Pledge, Pledge], donor_viewer: User
) -> None:
    afghan, _kazakh = two_pledges
    client = client_for(donor_viewer)
    assert client.get(f"/en/funding/pledges/{afghan.pk}/").status_code == 200
    response = client.post(
        f"/en/funding/pledges/{afghan.pk}/commitments/",
        {"committed_on": "2024-03-02", "amount": "1"},
    )
    assert response.status_code == 403
    assert client.get("/en/funding/pledges/new/").status_code == 403


def test_outsider_sees_nothing(two_pledges: tuple[Pledge, Pledge], outsider: User) -> None:
    client = client_for(outsider)
    for url in (
        "/en/funding/",
        "/en/funding/pledges/",
        "/en/funding/requirements/",
        "/api/v1/funding/pledges/",
        "/en/funding/exports/fts-flows.csv",
    ):
        assert client.get(url).status_code == 403, url


def test_every_page_answers_for_the_officer(
    two_pledges: tuple[Pledge, Pledge], world: World, money: Money, officer_afg: User
) -> None:
    _afghan, _kazakh = two_pledges
    client = client_for(officer_afg)
    for url in (
        "/en/funding/",
        "/en/funding/conferences/",
        f"/en/funding/conferences/{money.conference.pk}/",
        f"/en/funding/conferences/{money.conference.pk}/announcements/",
        "/en/funding/requirements/",
        f"/en/funding/donors/{world.kazakhstan_government.pk}/",
        "/api/v1/funding/conferences/",
        "/api/v1/funding/commitments/",
        "/api/v1/funding/payments/",
        "/api/v1/funding/coverage/",
    ):
        assert client.get(url).status_code == 200, url
    donor_page = client.get(f"/en/funding/donors/{world.kazakhstan_government.pk}/")
    assert "AFG-1" in donor_page.content.decode()
    assert "KAZ-1" not in donor_page.content.decode()


def test_the_pledge_list_query_count_is_pinned(world: World, money: Money, admin: User) -> None:
    client = client_for(admin)
    kzt_pledge(world, money)
    client.get("/en/funding/pledges/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/funding/pledges/")
    for index in range(5):
        pledge = kzt_pledge(world, money, amount=Decimal(1000 + index))
        services.commitment_record(
            actor=admin, pledge=pledge, committed_on=datetime.date(2024, 4, 1), amount=Decimal(10)
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/en/funding/pledges/")
    assert len(many) == len(few)


def test_a_reader_changing_an_appeal_or_a_requirement_is_refused_before_the_body_is_read(
    world: World,
) -> None:
    """A logistics officer reads appeals and requirements but changes neither: a PATCH is 403,
    whatever its body, as a change to any record is, not a 400 about the body."""
    appeal = services.appeal_create(
        actor=None, code="HRP-AFG-2024", name="Response plan", country=world.afghanistan
    )
    requirement = services.requirement_create(
        actor=None, country=world.afghanistan, year=2024, amount_usd=Decimal(1000)
    )
    reader = make_persona("logistics@example.org", Role.LOGISTICS_OFFICER, world.iofs, [])
    client = client_for(reader)
    for url in (
        f"/api/v1/funding/appeals/{appeal.pk}/",
        f"/api/v1/funding/requirements/{requirement.pk}/",
    ):
        read = client.get(url)
        assert read.status_code == 200
        sent_back = client.patch(url, read.json(), content_type="application/json")
        assert sent_back.status_code == 403, sent_back.json()


def test_a_donor_viewer_opens_its_own_donor_page_and_no_other(
    two_pledges: tuple[Pledge, Pledge], world: World, donor_viewer: User
) -> None:
    client = client_for(donor_viewer)
    own = client.get(f"/en/funding/donors/{world.kazakhstan_government.pk}/")
    assert own.status_code == 200 and "AFG-1" in own.content.decode()
    # Another organisation's page would say "No pledge yet" of a donor that has pledged: it
    # is not found, as its pledges are not.
    assert client.get(f"/en/funding/donors/{world.iofs.pk}/").status_code == 404

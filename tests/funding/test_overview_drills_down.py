"""Each total of the funding overview opens the pledges it adds up: a donor's page, or the
pledge list narrowed to a destination or a year; the API narrows the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from sunbula.core.models import User
from sunbula.funding import selectors
from sunbula.funding.models import Pledge
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges(world: World, money: Money) -> dict[str, Pledge]:
    """To the Herat project, to its programme, to Afghanistan alone, and to the Almaty
    project in another year."""
    herat = money.herat
    return {
        "project": kzt_pledge(world, money),
        "programme": kzt_pledge(world, money, project=None, programme=herat.programme),
        "country": kzt_pledge(world, money, project=None, amount=Decimal("900000")),
        "later": kzt_pledge(
            world, money, project=money.almaty, country=world.kazakhstan, budget_year=2025
        ),
    }


def _listed(client: Client, url: str) -> set[str]:
    """The references of the pledges a page lists."""
    answer = client.get(url)
    assert answer.status_code == 200, url
    page = answer.content.decode()
    return {
        reference
        for reference in Pledge.objects.values_list("reference", flat=True)
        if f">{reference}</a>" in page
    }


def test_each_total_links_to_the_pledges_it_adds_up(
    pledges: dict[str, Pledge], money: Money, admin: User
) -> None:
    overview = selectors.funding_overview(user=admin)
    client = client_for(admin)
    every = {pledge.reference for pledge in pledges.values()}
    references = {name: pledge.reference for name, pledge in pledges.items()}

    by_destination = {row.label: row for row in overview.by_destination}
    expected = {
        money.herat.code: {references["project"]},
        money.herat.programme.code: {references["programme"]},
        "Afghanistan": {references["country"]},
        money.almaty.code: {references["later"]},
    }
    assert set(by_destination) == set(expected)
    for label, wanted in expected.items():
        row = by_destination[label]
        assert _listed(client, row.url) & every == wanted, label
        assert row.pledges == len(wanted)

    by_year = {row.label: row for row in overview.by_year}
    assert _listed(client, by_year["2025"].url) & every == {references["later"]}
    assert _listed(client, by_year["2024"].url) & every == every - {references["later"]}

    (donor,) = overview.by_donor
    assert donor.url == f"/en/funding/donors/{pledges['project'].donor_id}/"
    assert client.get(donor.url).status_code == 200

    page = client.get("/en/funding/").content.decode()
    for row in (*overview.by_donor, *overview.by_destination, *overview.by_year):
        assert f'<a href="{row.url.replace("&", "&amp;")}">' in page


def test_the_pledge_list_and_the_api_narrow_to_a_destination(
    pledges: dict[str, Pledge], money: Money, admin: User, officer_kaz: User
) -> None:
    client = client_for(admin)
    for destination in ("project", "programme", "country"):
        api = client.get(f"/api/v1/funding/pledges/?destination={destination}").json()
        found = {row["reference"] for row in api["results"]}
        wanted = {pledges[destination].reference}
        if destination == "project":
            wanted.add(pledges["later"].reference)
        assert found == wanted, destination
        assert _listed(client, f"/en/funding/pledges/?destination={destination}") == wanted

    # A project's pledges are its programme's too.
    programme = money.herat.programme
    api = client.get(f"/api/v1/funding/pledges/?programme={programme.pk}").json()
    assert {row["reference"] for row in api["results"]} == {
        pledges[name].reference for name in ("project", "programme", "later")
    }

    # A project out of the reader's countries is refused as a missing one, on both.
    officer = client_for(officer_kaz)
    missing = 10**6
    for project in (money.herat.pk, missing):
        assert officer.get(f"/en/funding/pledges/?project={project}").status_code == 400
        assert officer.get(f"/api/v1/funding/pledges/?project={project}").status_code == 400
    assert officer.get("/en/funding/pledges/?destination=elsewhere").status_code == 400


def test_a_conferences_totals_open_their_pledges_and_a_donor_its_conferences(
    world: World, money: Money, admin: User
) -> None:
    herat = kzt_pledge(world, money, conference=money.conference)
    alone = kzt_pledge(world, money, conference=money.conference, project=None)
    elsewhere = kzt_pledge(world, money)  # the same project, outside the conference
    client = client_for(admin)
    every = {herat.reference, alone.reference, elsewhere.reference}

    totals = selectors.conference_totals(user=admin, conference=money.conference)
    by_destination = {row.label: row.url for row in totals.by_destination}
    assert _listed(client, by_destination[money.herat.code]) & every == {herat.reference}
    assert _listed(client, by_destination["Afghanistan"]) & every == {alone.reference}
    ((donor, url),) = [(row.label, row.url) for row in totals.by_donor]
    assert url == f"/en/funding/donors/{herat.donor_id}/"
    page = client.get(money.conference.get_absolute_url()).content.decode()
    assert f'<a href="{url}">{donor}</a>' in page

    donor_page = client.get(url).content.decode()
    conference = money.conference.get_absolute_url()
    assert f'<a href="{conference}">{money.conference.title}</a>' in donor_page
    assert '<th scope="row">No conference</th>' in donor_page

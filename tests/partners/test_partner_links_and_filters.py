"""A partner's page leads to its agreements and engagements, and the lists and the API filter
partners, agreements and engagements alike."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.partners import services
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db


def test_a_partners_page_links_to_the_agreements_and_engagements_it_is_part_of(
    admin: User, partnerships: Partnerships
) -> None:
    unama = partnerships.unama
    partner = services.partner_create(actor=admin, organisation=unama, roles=["co_host"])
    client = client_for(admin)
    page = client.get(f"/en/partners/{partner.pk}/").content.decode()
    assert (
        f'href="/en/partners/agreements/?organisation={unama.pk}"><bdi>1</bdi> agreement</a>'
        in page
    )
    assert (
        f'href="/en/partners/engagements/?organisation={unama.pk}"><bdi>1</bdi> engagement</a>'
        in page
    )

    agreements = client.get(f"/en/partners/agreements/?organisation={unama.pk}")
    assert agreements.status_code == 200
    assert partnerships.agreement.title in agreements.content.decode()
    assert "IOFS–IOM agreement" not in agreements.content.decode()
    engagements = client.get(f"/en/partners/engagements/?organisation={unama.pk}")
    assert "IOFS–UNAMA meeting" in engagements.content.decode()
    assert "IOFS–IOM meeting" not in engagements.content.decode()


def test_a_partners_page_counts_only_the_agreements_the_reader_may_see(
    admin: User, officer_kaz: User, partnerships: Partnerships
) -> None:
    unama = partnerships.unama
    partner = services.partner_create(actor=admin, organisation=unama, roles=["co_host"])
    page = client_for(officer_kaz).get(f"/en/partners/{partner.pk}/").content.decode()
    assert "><bdi>0</bdi> agreements</a>" in page
    assert "><bdi>0</bdi> engagements</a>" in page


def test_the_partner_list_filters_by_country_of_operation(
    admin: User, world: World, partnerships: Partnerships
) -> None:
    services.partner_create(
        actor=admin,
        organisation=partnerships.unama,
        roles=["co_host"],
        countries=[world.afghanistan],
    )
    services.partner_create(
        actor=admin,
        organisation=partnerships.iom,
        roles=["technical"],
        countries=[world.kazakhstan],
    )
    page = client_for(admin).get("/en/partners/?country=KAZ").content.decode()
    assert "International Organization for Migration" in page
    assert "United Nations Assistance Mission in Afghanistan" not in page


def test_the_api_filters_partners_as_the_list_page_does(
    admin: User, world: World, partnerships: Partnerships
) -> None:
    services.partner_create(
        actor=admin,
        organisation=partnerships.unama,
        roles=["co_host"],
        sectors=["humanitarian"],
        countries=[world.afghanistan],
    )
    services.partner_create(
        actor=admin,
        organisation=partnerships.iom,
        roles=["technical"],
        sectors=["migration"],
        countries=[world.kazakhstan],
    )
    client = client_for(admin)

    def names(query: str) -> list[str]:
        response = client.get(f"/api/v1/partners/?{query}")
        assert response.status_code == 200, response.content
        return [row["organisation_name"] for row in response.json()["results"]]

    iom = ["International Organization for Migration"]
    assert names("role=technical") == iom
    assert names("sector=migration") == iom
    assert names("country=KAZ") == iom
    assert len(names("")) == 2
    refused = client.get("/api/v1/partners/?role=landlord")
    assert refused.status_code == 400
    assert list(refused.json()) == ["role"]


def test_the_api_lists_a_partners_agreements_and_engagements(
    admin: User, partnerships: Partnerships
) -> None:
    client = client_for(admin)
    iom = partnerships.iom.pk
    agreements = client.get(f"/api/v1/agreements/?organisation={iom}").json()["results"]
    assert [row["title"] for row in agreements] == ["IOFS–IOM agreement"]
    engagements = client.get(f"/api/v1/engagements/?organisation={iom}").json()["results"]
    assert [row["title"] for row in engagements] == ["IOFS–IOM meeting"]
    # The search box finds an agreement by a party's acronym, on the page as through the API.
    found = client.get("/api/v1/agreements/?search=IOM").json()["results"]
    assert [row["title"] for row in found] == ["IOFS–IOM agreement"]
    found = client.get("/api/v1/engagements/?search=UNAMA").json()["results"]
    assert [row["title"] for row in found] == ["IOFS–UNAMA meeting"]


def test_an_international_partner_made_from_a_country_says_who_changes_it(
    officer_kaz: User, admin: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_kaz)
    made = client.post(
        "/en/partners/new/", {"organisation": partnerships.iom.pk, "roles": ["technical"]}
    )
    assert made.status_code == 302
    partner = partnerships.iom.partner
    page = client.get(f"/en/partners/{partner.pk}/").content.decode()
    assert f'href="/en/partners/{partner.pk}/edit/"' not in page
    assert "changed by a role that covers every country" in page
    # A country officer does not change a partner every country shares, nor its focal points.
    assert client.get(f"/en/partners/{partner.pk}/edit/").status_code == 403
    refused = client.post(
        f"/en/partners/{partner.pk}/focal-points/",
        {"title": "Chief of Mission", "organisation": partnerships.iom.pk, "language": "ru"},
    )
    assert refused.status_code == 403 and not partner.focal_points.exists()
    # Headquarters does, and is not told otherwise.
    headquarters = client_for(admin).get(f"/en/partners/{partner.pk}/").content.decode()
    assert f'href="/en/partners/{partner.pk}/edit/"' in headquarters
    assert "changed by a role that covers every country" not in headquarters

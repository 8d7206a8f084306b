"""An organisation's page links to what other apps keep about it, its partner profile and its
donor page, for a reader who may open them (core.plugins.record_links)."""

from __future__ import annotations

import pytest

from sunbula.core.models import Role, User
from sunbula.partners import services as partner_services
from sunbula.partners.models import Partner
from tests.conftest import World, client_for, in_kind_payment, make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world: World, admin: User) -> Partner:
    """The government of Kazakhstan: a partner, and the donor of a pledge for Afghanistan."""
    in_kind_payment(world)
    return partner_services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )


def _page(user: User, world: World, language: str = "en") -> str:
    organisation = world.kazakhstan_government
    return client_for(user).get(f"/{language}/organisations/{organisation.pk}/").content.decode()


def test_the_page_links_the_partner_profile_and_the_donor_page(
    officer_afg: User, world: World, partner: Partner
) -> None:
    html = _page(officer_afg, world)
    profile = f"/en/partners/{partner.pk}/"
    donor = f"/en/funding/donors/{world.kazakhstan_government.pk}/"
    assert f'<dt>Partner profile</dt><dd><a href="{profile}">Donor</a></dd>' in html
    assert f'<dt>Donor</dt><dd><a href="{donor}">1 pledge</a></dd>' in html
    client = client_for(officer_afg)
    assert client.get(profile).status_code == 200
    assert client.get(donor).status_code == 200
    french = _page(officer_afg, world, "fr")
    assert "/fr/partners/" in french and "/fr/funding/donors/" in french


def test_each_link_is_offered_only_to_a_reader_who_may_open_it(
    officer_kaz: User, donor_viewer: User, world: World, partner: Partner
) -> None:
    donor = f"/funding/donors/{world.kazakhstan_government.pk}/"
    # The pledge is for Afghanistan: an officer for Kazakhstan sees none of it.
    seen_from_kazakhstan = _page(officer_kaz, world)
    assert f"/partners/{partner.pk}/" in seen_from_kazakhstan
    assert donor not in seen_from_kazakhstan
    # A logistics officer does not see partner profiles.
    logistics = make_persona(
        "logistics@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )
    seen_by_logistics = _page(logistics, world)
    assert f"/partners/{partner.pk}/" not in seen_by_logistics
    assert donor in seen_by_logistics
    # A donor viewer reads its own organisation's money.
    assert donor in _page(donor_viewer, world)
    assert client_for(donor_viewer).get(f"/en{donor}").status_code == 200


def test_an_organisation_that_is_neither_links_neither(
    officer_afg: User, world: World, partner: Partner
) -> None:
    html = client_for(officer_afg).get(f"/en/organisations/{world.iofs.pk}/").content.decode()
    assert "/partners/" not in html.split("<main", 1)[1]
    assert "/funding/donors/" not in html
    assert "Partner profile" not in html

"""A partner's roles and sectors are sets: saving the same ones in another order (the page
sends them in the order of their choices, a client or an import in its own) changes nothing
and leaves no entry in the audit log; a real change still does, each set in the order of its
choices."""

from __future__ import annotations

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from sunbula.partners.models import Partner
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world: World, officer_afg: User) -> Partner:
    ministry = core_services.organisation_create(
        actor=None,
        name="Ministry of Agriculture, Irrigation and Livestock",
        kind="government",
        iati_type="10",
        country=world.afghanistan,
    )
    return services.partner_create(
        actor=officer_afg,
        organisation=ministry,
        roles=["coordination", "implementing"],
        sectors=["humanitarian", "food_security"],
        countries=[world.afghanistan],
    )


def _updates() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="partners.partner.updated"))


def test_the_page_saved_as_shown_changes_nothing(
    officer_afg: User, world: World, partner: Partner
) -> None:
    saved = client_for(officer_afg).post(
        f"/en/partners/{partner.pk}/edit/",
        {
            "roles": ["implementing", "coordination"],
            "sectors": ["food_security", "humanitarian"],
            "countries": [world.afghanistan.pk],
        },
    )
    assert saved.status_code == 302, saved.content.decode()
    assert _updates() == []


def test_the_api_given_the_same_sets_in_another_order_changes_nothing(
    officer_afg: User, partner: Partner
) -> None:
    answer = client_for(officer_afg).patch(
        f"/api/v1/partners/{partner.pk}/",
        {"sectors": ["food_security", "humanitarian"], "roles": ["implementing", "coordination"]},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert _updates() == []


def test_a_real_change_is_recorded_with_each_set_in_the_order_of_its_choices(
    officer_afg: User, partner: Partner
) -> None:
    services.partner_update(
        actor=officer_afg, partner=partner, sectors=["migration", "humanitarian", "food_security"]
    )
    (entry,) = _updates()
    assert entry.before["sectors"] == ["food_security", "humanitarian"]
    assert entry.after["sectors"] == ["food_security", "humanitarian", "migration"]

"""Alerts list agreements ending within 90 days and overdue deliverables; follow-up actions
stay on their owner's home page until done."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.partners import selectors, services
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships, signed_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _active_until(admin: User, world: World, days: int, title: str) -> object:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_update(actor=admin, agreement=agreement, title=title)
    services.agreement_activate(
        actor=admin,
        agreement=agreement,
        valid_from=TODAY - datetime.timedelta(days=365),
        valid_until=TODAY + datetime.timedelta(days=days),
    )
    return agreement


def test_alerts_list_agreements_ending_within_90_days(
    world: World, admin: User, officer_afg: User
) -> None:
    soon = _active_until(admin, world, 90, "Ends in 90 days")
    _active_until(admin, world, 91, "Ends in 91 days")
    alerts = selectors.alerts(user=officer_afg)
    assert alerts.expiring == [soon]
    page = client_for(officer_afg).get("/en/partners/alerts/").content.decode()
    assert "Ends in 90 days" in page
    assert "Ends in 91 days" not in page


def test_alerts_list_overdue_deliverables_until_done(
    world: World, admin: User, officer_afg: User, partnerships: Partnerships
) -> None:
    overdue = services.obligation_add(
        actor=admin,
        agreement=partnerships.agreement,
        description="Joint progress report",
        due_on=TODAY - datetime.timedelta(days=1),
        owner=officer_afg,
    )
    services.obligation_add(
        actor=admin,
        agreement=partnerships.agreement,
        description="Annual review",
        due_on=TODAY + datetime.timedelta(days=10),
    )
    assert selectors.alerts(user=officer_afg).overdue == [overdue]
    assert (
        "Joint progress report"
        in client_for(officer_afg).get("/en/partners/alerts/").content.decode()
    )
    client_for(officer_afg).post(
        f"/en/partners/obligations/{overdue.pk}/status/", {"status": "done"}
    )
    assert selectors.alerts(user=officer_afg).overdue == []


def test_alerts_leave_out_other_countries(
    world: World, admin: User, officer_kaz: User, partnerships: Partnerships
) -> None:
    services.obligation_add(
        actor=admin,
        agreement=partnerships.agreement,
        description="Joint progress report",
        due_on=TODAY - datetime.timedelta(days=1),
    )
    assert len(selectors.alerts(user=officer_kaz)) == 0


def test_follow_up_shows_on_owner_home_until_done(
    world: World, admin: User, officer_afg: User, officer_kaz: User, partnerships: Partnerships
) -> None:
    follow_up = services.follow_up_add(
        actor=admin,
        engagement=partnerships.engagement,
        description="Expand food assistance to prison populations",
        owner=officer_afg,
    )
    owner = client_for(officer_afg)
    assert "Expand food assistance to prison populations" in owner.get("/en/").content.decode()
    assert "Expand food assistance" not in client_for(admin).get("/en/").content.decode()
    response = owner.post(
        f"/en/partners/follow-ups/{follow_up.pk}/status/", {"status": "done", "next": "home"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert "Expand food assistance" not in owner.get("/en/").content.decode()


def test_only_owner_or_manager_may_close_a_follow_up(
    world: World, admin: User, officer_afg: User, partnerships: Partnerships
) -> None:
    from sunbula.core.services import role_grant
    from tests.conftest import make_persona

    analyst = make_persona("analyst@example.org", None, world.iofs, [])
    role_grant(actor=None, user=analyst, role="policy_analyst", organisation=world.iofs)
    follow_up = services.follow_up_add(
        actor=admin, engagement=partnerships.engagement, description="Call back", owner=officer_afg
    )
    url = f"/en/partners/follow-ups/{follow_up.pk}/status/"
    assert client_for(analyst).post(url, {"status": "done"}).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_the_home_tile_counts_the_alerts(world: World, admin: User, officer_afg: User) -> None:
    _active_until(admin, world, 10, "Ends soon")
    html = client_for(officer_afg).get("/en/").content.decode()
    assert "Partnership alerts" in html
    assert "/en/partners/alerts/" in html

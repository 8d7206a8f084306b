"""Must show: the cycle's page offers each lifecycle step only to whoever may take it and only
in the state where it applies, and its entitlement table reads in the reader's language:
translated commodity and status, quantities with their unit."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.assistance import services
from sunbula.core.models import Role, User
from tests.conftest import Field, World, client_for, make_persona, ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def me_officer(world: World) -> User:
    return make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])


def _page(user: User, field: Field, language: str = "en") -> str:
    return client_for(user).get(f"/{language}/assistance/cycles/{field.cycle.pk}/").content.decode()


def test_steps_are_offered_to_those_who_may_take_them(
    field: Field, officer_afg: User, admin: User, me_officer: User
) -> None:
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    services.entitlements_compute(actor=officer_afg, cycle=field.cycle)
    generated = _page(officer_afg, field)
    assert "Approve entitlements" not in generated  # four eyes: not who generated them
    assert "Generate entitlements" not in generated  # every beneficiary has hers
    assert "Close the cycle" in generated
    assert "Approve entitlements" in _page(admin, field)
    watching = _page(me_officer, field)
    assert "Approve entitlements" not in watching and "Close the cycle" not in watching
    services.entitlements_approve(actor=admin, cycle=field.cycle)
    approved = _page(admin, field)
    assert "Approve entitlements" not in approved and "Generate entitlements" not in approved


def test_the_entitlement_table_reads_in_the_readers_language(field: Field, admin: User) -> None:
    ready(field.cycle)
    english = _page(admin, field)
    assert "50 kg" in english and "Approved" in english
    assert "50.000" not in english
    russian = _page(admin, field, "ru")
    with translation.override("ru"):
        approved = str(translation.gettext("Approved"))
    assert "Пшеничная мука" in russian and "Wheat flour" not in russian
    assert approved in russian and ">approved<" not in russian


def test_the_entitlement_list_offers_changes_only_to_planners(
    field: Field, officer_afg: User, me_officer: User
) -> None:
    ready(field.cycle)
    url = f"/en/assistance/cycles/{field.cycle.pk}/entitlements/"
    assert "Lower</a>" in client_for(officer_afg).get(url).content.decode()
    watching = client_for(me_officer).get(url).content.decode()
    assert "HH-1" in watching and "Lower</a>" not in watching and ">Cancel<" not in watching

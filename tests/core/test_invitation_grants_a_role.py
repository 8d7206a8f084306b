"""An invitation may grant one role at once (role, organisation, countries, programmes),
through the same service as the user's page and in the same transaction: a refused role
invites no one, and the refusal names its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sunbula.core import services
from sunbula.core.models import AuditEntry, Role, RoleAssignment, User
from sunbula.core.selectors import programme_limits_of
from tests.conftest import Projects, World, client_for, make_persona

pytestmark = pytest.mark.django_db

INVITE = "/en/users/invite/"
Captured = Callable[..., Any]


def _invitation(**values: object) -> dict[str, object]:
    return {"email": "nadia@example.org", "preferred_language": "fr", **values}


def _error_on(html: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">(.*?)</span>', html, re.S)
    assert found is not None, f"no error on {field}"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_an_invitation_grants_the_role_chosen_with_it(
    admin: User, world: World, django_capture_on_commit_callbacks: Captured
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            INVITE,
            _invitation(
                role=Role.PROGRAMME_OFFICER,
                organisation=world.iofs.pk,
                countries=[world.afghanistan.pk],
            ),
        )
    assert response.status_code == 302
    invited = User.objects.get(email="nadia@example.org")
    (assignment,) = RoleAssignment.objects.filter(user=invited)
    assert (assignment.role, assignment.organisation) == (Role.PROGRAMME_OFFICER, world.iofs)
    assert list(assignment.countries.all()) == [world.afghanistan]
    assert AuditEntry.objects.filter(action="core.roleassignment.granted", actor=admin).count() == 1
    assert AuditEntry.objects.filter(action="core.user.invited", actor=admin).count() == 1
    assert [message.to for message in mail.outbox] == [["nadia@example.org"]]


def test_an_invitation_may_limit_the_role_to_programmes(
    admin: User, world: World, projects: Projects
) -> None:
    programme = projects.flour.programme
    response = client_for(admin).post(
        INVITE,
        _invitation(role=Role.ME_OFFICER, organisation=world.iofs.pk, programmes=[programme.pk]),
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__email="nadia@example.org")
    assert programme_limits_of(assignment) == [programme]


def test_an_invitation_without_a_role_grants_none(admin: User) -> None:
    assert client_for(admin).post(INVITE, _invitation()).status_code == 302
    assert not RoleAssignment.objects.filter(user__email="nadia@example.org").exists()


@pytest.mark.parametrize(
    ("chosen", "field", "message"),
    [
        ({"countries": "afghanistan"}, "role", "Choose a role"),
        ({"organisation": "iofs"}, "role", "Choose a role"),
        ({"role": Role.PROGRAMME_OFFICER}, "organisation", "Choose the organisation"),
        ({"role": "chief"}, "role", "Select a valid choice"),
    ],
)
def test_a_role_half_chosen_is_refused_on_its_field_and_invites_no_one(
    admin: User, world: World, chosen: dict[str, str], field: str, message: str
) -> None:
    records = {"afghanistan": [world.afghanistan.pk], "iofs": world.iofs.pk}
    values = {name: records.get(value, value) for name, value in chosen.items()}
    response = client_for(admin).post(INVITE, _invitation(**values))
    assert response.status_code == 422
    assert message in _error_on(response.content.decode(), field)
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert not mail.outbox


def test_an_administrator_of_some_countries_grants_only_within_them(world: World) -> None:
    afghan_admin = make_persona(
        "admin.afg@example.org", Role.ADMINISTRATOR, world.iofs, [world.afghanistan]
    )
    client = client_for(afghan_admin)
    everywhere = client.post(
        INVITE, _invitation(role=Role.PROGRAMME_OFFICER, organisation=world.iofs.pk)
    )
    assert everywhere.status_code == 422
    assert "you manage users only in yours" in _error_on(everywhere.content.decode(), "countries")
    elsewhere = client.post(
        INVITE,
        _invitation(
            role=Role.PROGRAMME_OFFICER,
            organisation=world.iofs.pk,
            countries=[world.kazakhstan.pk],
        ),
    )
    assert elsewhere.status_code == 422
    assert "Select a valid choice" in _error_on(elsewhere.content.decode(), "countries")
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_a_grant_the_service_refuses_rolls_the_invitation_back(admin: User, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.user_invite(
            actor=admin,
            email="nadia@example.org",
            grant=services.RoleToGrant(role="chief", organisation=world.iofs),  # type: ignore[arg-type]
        )
    assert "role" in refused.value.message_dict
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert not AuditEntry.objects.filter(action="core.user.invited").exists()

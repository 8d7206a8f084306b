"""Choosing a password from an invitation signs the invitee in as the sign-in page does: the
sign-in audited, the interface in their language, and a second factor their role requires
set up before any page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from sunbula.core import services
from sunbula.core.invitations import invitation_link
from sunbula.core.models import AuditEntry, Role, User
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

CHOSEN = {"new_password1": PASSWORD, "new_password2": PASSWORD}


def _invitation(admin: User, world: World, role: Role, language: str = "en") -> tuple[User, str]:
    """The invited account and the path of its invitation link."""
    invitee = services.user_invite(
        actor=admin,
        email="nadia@example.org",
        full_name="Nadia",
        preferred_language=language,
        grant=services.RoleToGrant(
            role=role, organisation=world.iofs, countries=(world.afghanistan,)
        ),
    )
    return invitee, urlsplit(invitation_link(invitee)).path


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_invitee_is_signed_in_in_their_language(admin: User, world: World) -> None:
    invitee, link = _invitation(admin, world, Role.PROGRAMME_OFFICER, language="fr")
    visitor = Client()
    response = visitor.post(link, CHOSEN)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert _signed_in_as(visitor) == str(invitee.pk)
    home = visitor.get("/fr/")
    assert home.status_code == 200
    assert "Votre mot de passe est défini." in home.content.decode()
    signed_in = AuditEntry.objects.get(action="core.user.signed_in", actor=invitee)
    assert signed_in.after == {"address": "127.0.0.1"}
    assert visitor.get("/fr/organisations/").status_code == 200


def test_an_invitee_whose_role_requires_a_second_factor_sets_it_up_first(
    admin: User, world: World
) -> None:
    invitee, link = _invitation(admin, world, Role.ADMINISTRATOR)
    visitor = Client()
    landed = visitor.post(link, CHOSEN, follow=True)
    assert landed.status_code == 200
    assert landed.redirect_chain[-1][0].startswith("/en/accounts/security/set-up/")
    assert b"<svg" in landed.content
    assert _signed_in_as(visitor) == str(invitee.pk)
    for page in ("/en/", "/en/users/", "/en/organisations/"):
        asked = visitor.get(page)
        assert asked.status_code == 302
        assert asked["Location"].startswith("/en/accounts/security/set-up/"), page
    assert visitor.get("/api/v1/organisations/").status_code == 403
    assert AuditEntry.objects.filter(action="core.user.signed_in", actor=invitee).count() == 1


def test_a_refused_password_signs_no_one_in(admin: User, world: World) -> None:
    invitee, link = _invitation(admin, world, Role.PROGRAMME_OFFICER)
    visitor = Client()
    weak = visitor.post(link, {"new_password1": "12345678901", "new_password2": "12345678901"})
    assert weak.status_code == 422
    assert _signed_in_as(visitor) is None
    assert not AuditEntry.objects.filter(action="core.user.signed_in").exists()
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()

"""Administrators invite users, grant and revoke roles and protection clearance, deactivate
accounts; everyone changes their password or resets a forgotten one by e-mail."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from sunbula.core import services
from sunbula.core.access import scope_for
from sunbula.core.models import AuditEntry, ProtectionClearance, Role, RoleAssignment, User
from sunbula.funding.permissions import FundingPerm
from tests.conftest import PASSWORD, Projects, World, client_for, make_persona

pytestmark = pytest.mark.django_db

Captured = Callable[..., Any]


def _invite(admin: User, captured: Captured, **values: object) -> User:
    with captured(execute=True):
        response = client_for(admin).post(
            "/en/users/invite/",
            {
                "email": "Nadia@Example.org",
                "full_name": "Nadia",
                "preferred_language": "fr",
                **values,
            },
        )
    assert response.status_code == 302
    return User.objects.get(email="nadia@example.org")


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match
    return match.group(0)


def test_an_invitation_mails_an_absolute_link_once_the_write_commits(
    admin: User, settings: Any, django_capture_on_commit_callbacks: Captured
) -> None:
    settings.SUNBULA_BASE_URL = "https://sunbula.example.org/"
    with django_capture_on_commit_callbacks() as callbacks:
        client_for(admin).post(
            "/en/users/invite/", {"email": "nadia@example.org", "preferred_language": "fr"}
        )
        assert not mail.outbox  # nothing is sent before the account is stored
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert message.subject == "Votre invitation à Sunbula"
    assert _link(message).startswith("https://sunbula.example.org/fr/invitation/")
    invited = User.objects.get(email="nadia@example.org")
    assert not invited.has_usable_password()
    assert AuditEntry.objects.filter(action="core.user.invited", actor=admin).count() == 1


def test_the_invitee_sets_a_password_and_the_link_then_stops_working(
    admin: User, django_capture_on_commit_callbacks: Captured
) -> None:
    user = _invite(admin, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0]).split("8000", 1)[1]
    visitor = Client()
    assert visitor.get(path).status_code == 200
    weak = visitor.post(path, {"new_password1": "12345678901", "new_password2": "12345678901"})
    assert weak.status_code == 422
    assert "entièrement numérique" in weak.content.decode()  # in the invitee's language
    similar = visitor.post(
        path, {"new_password1": "nadia@example", "new_password2": "nadia@example"}
    )
    assert similar.status_code == 422
    response = visitor.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="core.user.password_set", actor=user).exists()
    assert visitor.get(path).status_code == 404
    assert Client().login(username="nadia@example.org", password=PASSWORD)


def test_an_invitation_expires(
    admin: User, settings: Any, django_capture_on_commit_callbacks: Captured
) -> None:
    _invite(admin, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0]).split("8000", 1)[1]
    settings.SUNBULA_INVITATION_MAX_AGE = datetime.timedelta(seconds=-1)
    assert Client().get(path).status_code == 404
    tampered = path.replace("/invitation/", "/invitation/x")
    settings.SUNBULA_INVITATION_MAX_AGE = datetime.timedelta(days=7)
    assert Client().get(tampered).status_code == 404


def test_an_existing_account_is_not_invited_again(admin: User, officer_afg: User) -> None:
    response = client_for(admin).post(
        "/en/users/invite/", {"email": officer_afg.email, "preferred_language": "en"}
    )
    assert response.status_code == 422
    assert "already exists" in response.content.decode()


def test_a_programme_limited_role_is_granted_and_revoked(
    admin: User, world: World, projects: Projects
) -> None:
    user = make_persona("new.officer@example.org", None, world.iofs, [])
    programme = projects.flour.programme
    client = client_for(admin)
    response = client.post(
        f"/en/users/{user.pk}/roles/",
        {
            "role": Role.PROGRAMME_OFFICER,
            "organisation": world.iofs.pk,
            "countries": [world.afghanistan.pk],
            "programmes": [programme.pk],
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    scope = scope_for(User.objects.get(pk=user.pk), FundingPerm.RECORD_PLEDGE)
    assert [(grant.countries, grant.programmes) for grant in scope.grants] == [
        (frozenset({world.afghanistan.pk}), frozenset({programme.pk}))
    ]
    html = client.get(f"/en/users/{user.pk}/").content.decode()
    assert "AFSP" in html and "Afghanistan" in html
    response = client.post(f"/en/users/roles/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="core.roleassignment.revoked", actor=admin).exists()


def test_protection_clearance_is_granted_and_revoked_with_a_reason(
    admin: User, officer_afg: User
) -> None:
    client = client_for(admin)
    assert client.post(f"/en/users/{officer_afg.pk}/clearance/", {"reason": ""}).status_code == 422
    client.post(f"/en/users/{officer_afg.pk}/clearance/", {"reason": "Registry work in Herat"})
    assert ProtectionClearance.objects.get(user=officer_afg).reason == "Registry work in Herat"
    response = client.post(
        f"/en/users/{officer_afg.pk}/clearance/revoke/", {"reason": "Left the registry team"}
    )
    assert response.status_code == 302
    assert not ProtectionClearance.objects.filter(user=officer_afg).exists()
    entry = AuditEntry.objects.get(action="core.protectionclearance.revoked")
    assert entry.after == {"reason": "Left the registry team"}
    assert entry.before["reason"] == "Registry work in Herat"


def test_a_clearance_cannot_end_in_the_past(admin: User, officer_afg: User) -> None:
    response = client_for(admin).post(
        f"/en/users/{officer_afg.pk}/clearance/",
        {"reason": "Registry work in Herat", "expires_on": "2020-01-01"},
    )
    assert response.status_code == 422
    assert response.context["clearance_form"].errors["expires_on"] == [
        "A clearance cannot end in the past."
    ]
    assert not ProtectionClearance.objects.filter(user=officer_afg).exists()


def test_a_deactivated_user_cannot_sign_in(admin: User, officer_afg: User) -> None:
    client = client_for(admin)
    oneself = client.post(f"/en/users/{admin.pk}/active/", {"active": "0"})
    assert oneself.status_code == 422  # the user's page again, with why
    assert "You cannot deactivate your own account." in oneself.content.decode()
    assert User.objects.get(pk=admin.pk).is_active  # not oneself
    client.post(f"/en/users/{officer_afg.pk}/active/", {"active": "0"})
    assert not Client().login(username=officer_afg.email, password=PASSWORD)
    client.post(f"/en/users/{officer_afg.pk}/active/", {"active": "1"})
    assert Client().login(username=officer_afg.email, password=PASSWORD)


def test_only_administrators_of_users_see_the_section(officer_afg: User, admin: User) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/users/").status_code == 403
    assert client.get(f"/en/users/{admin.pk}/").status_code == 403
    assert client.post(f"/en/users/{admin.pk}/active/", {"active": "0"}).status_code == 403
    assert client.get("/api/v1/users/").status_code == 403
    html = client_for(admin).get("/en/users/?q=officer").content.decode()
    assert officer_afg.email in html and "outsider" not in html


def test_a_country_administrator_grants_only_in_their_countries(
    world: World, officer_kaz: User
) -> None:
    country_admin = make_persona(
        "admin.afg@example.org", Role.ADMINISTRATOR, world.iofs, [world.afghanistan]
    )
    user = make_persona("someone@example.org", None, world.iofs, [])
    client = client_for(country_admin)
    everywhere = client.post(
        f"/en/users/{user.pk}/roles/", {"role": Role.ME_OFFICER, "organisation": world.iofs.pk}
    )
    assert everywhere.status_code == 422
    elsewhere = client.post(
        f"/en/users/{user.pk}/roles/",
        {
            "role": Role.ME_OFFICER,
            "organisation": world.iofs.pk,
            "countries": [world.kazakhstan.pk],
        },
    )
    assert elsewhere.status_code == 422
    assert not RoleAssignment.objects.filter(user=user).exists()
    kazakh_role = RoleAssignment.objects.get(user=officer_kaz)
    revoke = client.post(f"/en/users/roles/{kazakh_role.pk}/revoke/")
    assert revoke.status_code == 403


def test_a_user_changes_their_password(officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/accounts/password/").status_code == 200
    weak = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert weak.status_code == 422 and "too common" in weak.content.decode()
    response = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "wheat-flour-to-herat",
            "new_password2": "wheat-flour-to-herat",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=officer_afg.pk).check_password("wheat-flour-to-herat")
    assert AuditEntry.objects.get(action="core.user.password_set").after == {"reason": "changed"}


def test_a_forgotten_password_is_reset_by_e_mail(officer_afg: User, settings: Any) -> None:
    settings.SUNBULA_BASE_URL = "https://sunbula.example.org"
    visitor = Client()
    assert visitor.get("/ar/accounts/reset/").status_code == 200
    response = visitor.post("/en/accounts/reset/", {"email": officer_afg.email})
    assert response.status_code == 302
    link = _link(mail.outbox[0])
    assert link.startswith("https://sunbula.example.org/en/accounts/reset/")
    page = visitor.get(link.removeprefix("https://sunbula.example.org"), follow=True)
    assert page.status_code == 200
    mismatched = visitor.post(
        page.redirect_chain[-1][0],
        {"new_password1": "lentils-for-kandahar", "new_password2": "lentils-for-herat"},
    )
    assert mismatched.status_code == 422
    response = visitor.post(
        page.redirect_chain[-1][0],
        {"new_password1": "lentils-for-kandahar", "new_password2": "lentils-for-kandahar"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=officer_afg.pk).check_password("lentils-for-kandahar")


def test_the_api_invites_grants_lists_and_revokes(
    admin: User, world: World, projects: Projects, django_capture_on_commit_callbacks: Captured
) -> None:
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            "/api/v1/users/", {"email": "api@example.org"}, content_type="application/json"
        )
    assert invited.status_code == 201 and invited.json()["invited"] is True
    assert len(mail.outbox) == 1
    user_id = invited.json()["id"]
    granted = client.post(
        "/api/v1/role-assignments/",
        {
            "user": user_id,
            "role": "programme_officer",
            "organisation": world.iofs.pk,
            "countries": ["AFG"],
            "programmes": [projects.flour.programme_id],
        },
        content_type="application/json",
    )
    assert granted.status_code == 201, granted.json()
    assert granted.json()["programmes"] == [projects.flour.programme_id]
    listed = client.get(f"/api/v1/role-assignments/?user={user_id}").json()
    assert listed["count"] == 1 and listed["results"][0]["countries"] == ["AFG"]
    assert client.delete(f"/api/v1/role-assignments/{granted.json()['id']}/").status_code == 204
    assert not RoleAssignment.objects.filter(user_id=user_id).exists()
    deactivated = client.post(f"/api/v1/users/{user_id}/deactivate/")
    assert deactivated.status_code == 200 and deactivated.json()["is_active"] is False


def test_password_rules_come_from_django_validators(settings: Any) -> None:
    names = {validator["NAME"].rsplit(".", 1)[1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    with pytest.raises(Exception, match="too short"):
        services.user_password_set(
            actor=None, user=User(email="a@example.org"), password="short", reason="test"
        )


def test_an_account_cannot_be_created_with_a_weak_password(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.user_create(actor=None, email="weak@example.org", password="1")
    assert "password" in refused.value.message_dict
    assert not User.objects.filter(email="weak@example.org").exists()

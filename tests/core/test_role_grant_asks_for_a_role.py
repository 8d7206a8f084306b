"""Granting a role is a choice the administrator makes: the form chooses none for them, and
one sent without a role is refused on the field, nothing granted."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import RoleAssignment, User
from tests.conftest import World, client_for, make_persona

pytestmark = pytest.mark.django_db


def test_the_grant_form_starts_with_no_role_chosen(admin: User, world: World) -> None:
    user = make_persona("new.officer@example.org", None, world.iofs, [])
    html = client_for(admin).get(f"/en/users/{user.pk}/").content.decode()
    select = re.search(r'<select name="role"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    options = re.findall(r"<option[^>]*>", select.group(1))
    assert options[0] == '<option value="" selected>'
    assert not any("selected" in option for option in options[1:])


def test_a_grant_without_a_role_is_refused_on_the_field(admin: User, world: World) -> None:
    user = make_persona("new.officer@example.org", None, world.iofs, [])
    response = client_for(admin).post(
        f"/en/users/{user.pk}/roles/",
        {"organisation": world.iofs.pk, "countries": [world.afghanistan.pk]},
    )
    assert response.status_code == 422
    html = response.content.decode()
    role_field = html[html.index('<label for="id_role">') :]
    assert "This field is required." in role_field[: role_field.index("</select>") + 200]
    assert not RoleAssignment.objects.filter(user=user).exists()

"""A list a person reads is joined with the comma of their language: "، " in Arabic, Dari and
Pashto, ", " in the others."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core import services
from sunbula.core.choices import item_labels
from sunbula.core.lists import joined
from sunbula.core.models import Role, RoleAssignment, User
from sunbula.core.selectors import role_summary
from sunbula.partners import services as partner_services
from sunbula.partners.models import Partner
from tests.conftest import World, client_for, make_persona


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "a, b, c"),
        ("fr", "a, b, c"),
        ("ru", "a, b, c"),
        ("ar", "a، b، c"),
        ("fa-af", "a، b، c"),
        ("ps", "a، b، c"),
    ],
)
def test_a_list_takes_the_comma_of_its_language(language: str, text: str) -> None:
    with translation.override(language):
        assert joined(["a", "b", "c"]) == text
    assert joined(["a", "b", "c"], language) == text


def test_labels_of_a_list_of_codes_read_with_the_arabic_comma() -> None:
    roles = Partner._meta.get_field("roles")
    with translation.override("ar"):
        assert item_labels(roles, ["implementing", "donor"]) == "شريك منفذ، الجهة المانحة"
    with translation.override("en"):
        assert item_labels(roles, ["implementing", "donor"]) == "Implementing partner, Donor"


@pytest.mark.django_db
def test_a_role_s_countries_read_with_the_reader_s_comma(admin: User, world: World) -> None:
    user = make_persona("two.countries@example.org", None, world.iofs, [])
    services.role_grant(
        actor=None,
        user=user,
        role=Role.PROGRAMME_OFFICER,
        organisation=world.iofs,
        countries=[world.afghanistan, world.kazakhstan],
    )
    assignment = RoleAssignment.objects.get(user=user)
    with translation.override("ar"):
        assert "أفغانستان، كازاخستان" in role_summary(assignment)
    page = client_for(admin).get(f"/ar/users/{user.pk}/").content.decode()
    assert "أفغانستان، كازاخستان" in page
    assert "أفغانستان, كازاخستان" not in page
    english = client_for(admin).get(f"/en/users/{user.pk}/").content.decode()
    assert "Afghanistan, Kazakhstan" in english


@pytest.mark.django_db
def test_a_partner_s_countries_read_with_the_reader_s_comma(admin: User, world: World) -> None:
    partner = partner_services.partner_create(
        actor=admin,
        organisation=world.kazakhstan_government,
        roles=["implementing", "donor"],
        countries=[world.afghanistan, world.kazakhstan],
    )
    page = client_for(admin).get(f"/ar/partners/{partner.pk}/").content.decode()
    assert "أفغانستان، كازاخستان" in page
    assert "شريك منفذ، الجهة المانحة" in page
    listed = client_for(admin).get("/ar/partners/").content.decode()
    assert "أفغانستان، كازاخستان" in listed
    download = client_for(admin).get("/ar/partners/?format=csv")
    table = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "أفغانستان، كازاخستان" in table
    assert "شريك منفذ، الجهة المانحة" in table

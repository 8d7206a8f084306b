"""A member state's page links its policy profile, named by where it stands, for a reader who
may open it; not for a reader without profiles nor for one of another country."""

from __future__ import annotations

import pytest

from sunbula.core.models import Role, User
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, client_for, make_persona

pytestmark = pytest.mark.django_db

PAGE = "/{language}/member-states/AFG/"


def _page(user: User, language: str = "en") -> str:
    return client_for(user).get(PAGE.format(language=language)).content.decode()


def test_the_member_state_links_its_profile(
    focal_afg: User, afghan_published: PolicyProfile
) -> None:
    profile = f"/en/policy/{afghan_published.pk}/"
    html = _page(focal_afg)
    assert f'<dt>Policy profile</dt><dd><a href="{profile}"><bdi>Published</bdi></a></dd>' in html
    assert client_for(focal_afg).get(profile).status_code == 200
    arabic = _page(focal_afg, "ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert (
        f'<dt>ملف السياسات</dt><dd><a href="/ar/policy/{afghan_published.pk}/"><bdi>منشور</bdi></a>'
        in arabic
    )


def test_a_draft_is_linked_by_its_status(focal_afg: User, afghan_draft: PolicyProfile) -> None:
    assert f'<a href="/en/policy/{afghan_draft.pk}/"><bdi>Draft</bdi></a>' in _page(focal_afg)


def test_no_link_for_a_reader_who_may_not_open_the_profile(
    world: World, focal_kaz: User, donor_viewer: User, afghan_published: PolicyProfile
) -> None:
    logistics = make_persona(
        "logistics@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )
    profile = f"/policy/{afghan_published.pk}/"
    for reader in (focal_kaz, donor_viewer, logistics):
        html = _page(reader).split("<main", 1)[1]
        assert "<h1>Afghanistan</h1>" in html
        assert profile not in html and "<dt>Policy profile</dt>" not in html
        assert client_for(reader).get(f"/en{profile}").status_code in (403, 404)


def test_a_member_state_without_a_profile_links_none(world: World, focal_afg: User) -> None:
    assert "<dt>Policy profile</dt>" not in _page(focal_afg)

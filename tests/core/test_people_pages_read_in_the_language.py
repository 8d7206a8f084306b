"""The pages that administer people read correctly in each language: a user's preferred
language by its name, API tokens' dates in the reader's order, and an invitation's days
counted with the language's plural."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from sunbula.core import services
from sunbula.core.models import ApiToken, User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_users_page_names_their_language(admin: User, officer_afg: User) -> None:
    services.user_update(actor=admin, user=officer_afg, preferred_language="fr")
    english = client_for(admin).get(f"/en/users/{officer_afg.pk}/").content.decode()
    assert "<dd>French</dd>" in english
    arabic = client_for(admin).get(f"/ar/users/{officer_afg.pk}/").content.decode()
    assert "<dd>الفرنسية</dd>" in arabic


def test_token_dates_follow_the_readers_language(officer_afg: User) -> None:
    token, _key = services.api_token_create(
        actor=officer_afg,
        user=officer_afg,
        name="Script",
        expires_on=datetime.date(2027, 1, 4),
    )
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=datetime.datetime(2026, 12, 5, 9, 30, tzinfo=datetime.UTC),
        last_used_at=datetime.datetime(2026, 12, 5, 12, 6, tzinfo=datetime.UTC),
    )
    client = client_for(officer_afg)
    english = client.get("/en/account/api-tokens/").content.decode()
    assert "Jan 4, 2027" in english and "12/05/2026" not in english
    french = client.get("/fr/account/api-tokens/").content.decode()
    assert "4 janv. 2027" in french
    arabic = client.get("/ar/account/api-tokens/").content.decode()
    # Day before month in Arabic, for the last use as for the other dates.
    assert "12/05/2026" not in arabic and "05‏/12‏/2026" in arabic


@pytest.mark.parametrize(
    ("language", "days", "text"),
    [
        ("en", 1, "for 1 day."),
        ("en", 7, "for 7 days."),
        ("ar", 7, "لمدة 7 أيام."),
        ("ru", 7, "в течение 7 дней."),
        ("fr", 1, "pendant 1 jour."),
    ],
)
def test_an_invitation_counts_its_days_in_the_invitees_language(
    admin: User,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
    language: str,
    days: int,
    text: str,
) -> None:
    settings.SUNBULA_INVITATION_MAX_AGE = datetime.timedelta(days=days)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_invite(
            actor=admin,
            email="nadia@example.org",
            full_name="Nadia",
            preferred_language=language,
            is_staff=False,
        )
    (message,) = mail.outbox
    assert text in message.body

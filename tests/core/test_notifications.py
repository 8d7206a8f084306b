"""Notices: in-app for everyone signed in, by e-mail after commit when the user wants it, in
the user's language; read one by one or all at once; the schedules page for administrators."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from sunbula.core import services
from sunbula.core.models import Notification, User
from sunbula.core.notifications import notify
from sunbula.core.schedules import run_due
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[Any]]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _tell(user: User, key: str = "") -> Notification | None:
    return notify(
        recipient=user,
        kind="core.general",
        subject=gettext_lazy("Organisations"),
        body=gettext_lazy("Sites"),
        link=reverse_lazy("core:organisation_list"),
        key=key,
    )


def test_a_notice_is_mailed_after_commit_in_the_users_language(
    officer_afg: User, django_capture_on_commit_callbacks: Capture
) -> None:
    services.user_set_language(actor=officer_afg, user=officer_afg, language="ar")
    officer_afg.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = _tell(officer_afg)
    assert mail.outbox == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert notice is not None
    assert notice.subject == message.subject == "المنظمات"
    assert notice.link == "/ar/organisations/"
    assert f"{settings.SUNBULA_BASE_URL}/ar/organisations/" in message.body
    html, _mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert '<html lang="ar" dir="rtl">' in str(html)


def test_a_notice_with_a_key_is_given_once(
    officer_afg: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _tell(officer_afg, key="once:1") is not None
        assert _tell(officer_afg, key="once:1") is None
    assert Notification.objects.filter(recipient=officer_afg).count() == 1
    assert len(mail.outbox) == 1


def test_a_user_may_take_a_kind_in_sunbula_only(
    officer_afg: User, django_capture_on_commit_callbacks: Capture
) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/notifications/preferences/")
    assert page.status_code == 200
    assert "General notices" in page.content.decode()
    response = client.post("/en/notifications/preferences/", {})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _tell(officer_afg)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=officer_afg).count() == 1
    client.post("/en/notifications/preferences/", {"core.general": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        _tell(officer_afg)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "persona", ["admin", "officer_afg", "donor_viewer", "protection_officer", "outsider"]
)
def test_every_persona_sees_its_unread_count_from_one_query(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    _tell(user)
    _tell(user)
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span class="count"' in html
    assert ">2</span>" in html
    reads = [query for query in queries.captured_queries if "core_notification" in query["sql"]]
    assert len(reads) == 1


def test_a_notice_is_marked_read_and_opens_its_link(officer_afg: User, officer_kaz: User) -> None:
    mine = _tell(officer_afg)
    theirs = _tell(officer_kaz)
    assert mine is not None and theirs is not None
    client = client_for(officer_afg)
    read = "/en/notifications/read/"
    assert client.post(read, {"notification": theirs.pk}).status_code == 404
    assert client.post(read, {"notification": "x"}).status_code == 404
    assert client.get(read, {"notification": mine.pk}).status_code == 405
    response = client.post(read, {"notification": mine.pk})
    assert response.status_code == 302
    assert response["Location"] == "/en/organisations/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert "No notifications." in client.get("/en/notifications/?unread=1").content.decode()


def test_all_notices_are_marked_read_at_once(officer_afg: User) -> None:
    _tell(officer_afg)
    _tell(officer_afg)
    client = client_for(officer_afg)
    assert client.post("/en/notifications/read/").status_code == 302
    assert not Notification.objects.filter(recipient=officer_afg, read_at__isnull=True).exists()
    assert '<span class="count"' not in client.get("/en/notifications/").content.decode()


def test_administrators_see_the_schedules_with_their_last_run(
    admin: User, officer_afg: User, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    run_due()
    page = client_for(admin).get("/en/schedules/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "partners.agreements_expire" in html
    assert "Succeeded" in html
    arabic = client_for(admin).get("/ar/schedules/").content.decode()
    assert "الجداول الزمنية" in arabic
    assert client_for(officer_afg).get("/en/schedules/").status_code == 403

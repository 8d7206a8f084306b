"""Two editors change the same record: each change lands on the row as stored, none is lost.

The shared update helper re-reads the row under a lock before it applies the change, so an
editor holding an old copy does not write back the fields another editor changed meanwhile.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from sunbula.core import services
from sunbula.core.models import Organisation, User
from tests.conftest import World


@pytest.mark.django_db
def test_an_old_copy_does_not_undo_a_change_made_since(world: World, admin: User) -> None:
    first_editor = Organisation.objects.get(pk=world.iofs.pk)
    second_editor = Organisation.objects.get(pk=world.iofs.pk)
    services.organisation_update(actor=admin, organisation=first_editor, acronym="IOFS-1")
    services.organisation_update(
        actor=admin, organisation=second_editor, website="https://iofs.example.org"
    )
    stored = Organisation.objects.get(pk=world.iofs.pk)
    assert (stored.acronym, stored.website) == ("IOFS-1", "https://iofs.example.org")
    assert second_editor.acronym == "IOFS-1"


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps one snapshot of the activity view; drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return int(waiting)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks on separate connections"
)
def test_the_second_editor_waits_for_the_first_and_keeps_its_change(
    world: World, admin: User
) -> None:
    first_editor = Organisation.objects.get(pk=world.iofs.pk)
    second_editor = Organisation.objects.get(pk=world.iofs.pk)
    first_holds_the_row = threading.Event()
    seen_waiting: list[int] = []

    def first() -> None:
        try:
            with transaction.atomic():
                services.organisation_update(
                    actor=admin, organisation=first_editor, acronym="IOFS-1"
                )
                first_holds_the_row.set()
                deadline = time.monotonic() + 10
                while not _waiting_for_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.05)
                seen_waiting.append(_waiting_for_a_lock())
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_holds_the_row.wait(10)
            services.organisation_update(
                actor=admin, organisation=second_editor, website="https://iofs.example.org"
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen_waiting == [1]
    stored = Organisation.objects.get(pk=world.iofs.pk)
    assert (stored.acronym, stored.website) == ("IOFS-1", "https://iofs.example.org")

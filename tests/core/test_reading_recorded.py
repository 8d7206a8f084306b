"""A reading of personal data is recorded without waiting for the disk; a change never is."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from sunbula.core.audit import reading_recorded

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's"
)


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_reading_of_its_own_commits_without_waiting_for_the_disk() -> None:
    with reading_recorded():
        assert _synchronous_commit() == "off"
    assert _synchronous_commit() == "on"


@pytest.mark.django_db
def test_a_reading_within_a_change_waits_like_the_change() -> None:
    with transaction.atomic(), reading_recorded():
        assert _synchronous_commit() == "on"

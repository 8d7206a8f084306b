"""Two editors at once, each on a connection of its own (PostgreSQL): whether the second
waits for the row the first holds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, connections, transaction


def waiting_for_a_lock() -> int:
    """How many sessions of this database wait for a lock now."""
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps one snapshot of the activity view; drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return int(waiting)


def one_after_the_other(
    first: Callable[[], object], second: Callable[[], object]
) -> tuple[list[int], list[Exception]]:
    """Run `first` in a transaction kept open until `second`, begun once `first` has made its
    change, is seen waiting for a lock (ten seconds at most). Return how many sessions were
    seen waiting then, and what either raised."""
    first_holds_the_row = threading.Event()
    seen_waiting: list[int] = []
    raised: list[Exception] = []

    def run_first() -> None:
        try:
            with transaction.atomic():
                first()
                first_holds_the_row.set()
                deadline = time.monotonic() + 10
                while not waiting_for_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.05)
                seen_waiting.append(waiting_for_a_lock())
        except Exception as error:
            raised.append(error)
        finally:
            first_holds_the_row.set()
            connections.close_all()

    def run_second() -> None:
        try:
            first_holds_the_row.wait(10)
            second()
        except Exception as error:
            raised.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen_waiting, raised

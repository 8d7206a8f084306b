"""Two editors set the same indicator's target for a period: each change lands on the row as
stored, the second waits for the first, and the target is never written twice.

Setting a target locks the period it is set for (so approval and entry cannot interleave) and
changes an existing target through the shared update, which re-reads the row under a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import IndicatorTarget
from tests.conftest import Projects
from tests.locks import one_after_the_other

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
)


def _locked_reads(queries: list[dict[str, str]], table: str) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT")
        and f'FROM "{table}"' in query["sql"]
        and "FOR UPDATE" in query["sql"]
    ]


@pytest.mark.django_db
def test_a_second_setting_changes_the_one_target_and_audits_what_it_was(
    projects: Projects, admin: User
) -> None:
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(70)
    )
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(75)
    )
    assert list(IndicatorTarget.objects.values_list("value", flat=True)) == [Decimal(75)]
    entry = AuditEntry.objects.get(action="programmes.indicatortarget.updated")
    assert (Decimal(entry.before["value"]), Decimal(entry.after["value"])) == (70, 75)


@pytest.mark.django_db
@on_postgresql
def test_the_target_and_its_period_are_read_under_a_lock_before_the_change(
    projects: Projects, admin: User
) -> None:
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(70)
    )
    with CaptureQueriesContext(connection) as captured:
        services.indicator_target_set(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(75)
        )
    assert _locked_reads(captured.captured_queries, "programmes_reportingperiod")
    assert _locked_reads(captured.captured_queries, "programmes_indicatortarget")


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_the_second_editor_waits_for_the_first_and_the_target_is_set_once(
    projects: Projects, admin: User
) -> None:
    def set_to(value: int) -> Callable[[], object]:
        return lambda: services.indicator_target_set(
            actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(value)
        )

    # Without the lock the second would not see the first's target and add another: refused
    # by the database, the change lost.
    seen_waiting, raised = one_after_the_other(set_to(70), set_to(75))

    assert raised == []
    assert seen_waiting == [1]
    assert list(IndicatorTarget.objects.values_list("value", flat=True)) == [Decimal(75)]
    actions = AuditEntry.objects.filter(action__startswith="programmes.indicatortarget.")
    assert sorted(actions.values_list("action", flat=True)) == [
        "programmes.indicatortarget.created",
        "programmes.indicatortarget.updated",
    ]

"""The dashboards' summary tables are rebuilt by a task on the queue, every night."""

from __future__ import annotations

import pytest

from sunbula.assistance.models import DistributionTally
from sunbula.core.schedules import schedules
from sunbula.core.worker import run_pending
from sunbula.reports.tasks import rebuild_summaries

pytestmark = pytest.mark.django_db


def test_the_rebuild_runs_as_a_task_and_restores_the_tallies(demo: None) -> None:
    before = sorted(DistributionTally.objects.values_list("pk", flat=True))
    assert before
    DistributionTally.objects.all().delete()
    result = rebuild_summaries.enqueue()
    assert run_pending() >= 1
    assert DistributionTally.objects.count() == len(before)
    assert rebuild_summaries.get_result(result.id).return_value.endswith("of people")


def test_the_rebuild_is_scheduled_nightly() -> None:
    names = {schedule.name: schedule for schedule in schedules()}
    assert names["reports.rebuild_summaries"].daily_at is not None

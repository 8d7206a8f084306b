"""The demo loaders of policy and monitoring: illustrative, and idempotent."""

from __future__ import annotations

import pytest

from sunbula.core.demo import load_core_demo
from sunbula.core.models import AuditEntry
from sunbula.monitoring.demo import load_demo as load_monitoring_demo
from sunbula.monitoring.models import SituationDataset
from sunbula.policy.demo import load_demo as load_policy_demo
from sunbula.policy.models import IndicatorValue, PolicyProfile, ReportSnapshot

pytestmark = pytest.mark.django_db


def _load() -> None:
    load_core_demo(print)
    load_policy_demo(print)
    load_monitoring_demo(print)


def test_loading_the_demo_twice_changes_nothing(demo: None) -> None:
    assert PolicyProfile.objects.filter(status="published").count() == 3
    assert all(profile.is_illustrative for profile in PolicyProfile.objects.all())
    assert not IndicatorValue.objects.filter(is_illustrative=False).exists()
    countries = ReportSnapshot.objects.get().content["countries"]
    assert len(countries) == 3
    assert all(len(country["legal_instruments"]) == 1 for country in countries)
    dataset = SituationDataset.objects.get()
    assert dataset.is_illustrative
    assert dataset.phase_populations.count() == 34
    before = AuditEntry.objects.count()
    _load()
    assert AuditEntry.objects.count() == before

"""The programmes demo: seed facts, illustrative figures flagged, and loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry
from sunbula.programmes.demo import load_programmes_demo
from sunbula.programmes.models import IndicatorTarget, Programme, Project, TargetGroup

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_seed_facts_and_twice_changes_nothing(demo: None) -> None:
    entries = AuditEntry.objects.count()
    load_programmes_demo(lambda _line: None)
    assert AuditEntry.objects.count() == entries

    governance = Programme.objects.get(code="FSG")
    assert [(d.place, str(d.held_from)) for d in governance.decisions.all()] == [
        ("Ankara", "2020-12-02"),
        ("Nur-Sultan", "2021-09-08"),
    ]
    flour = Project.objects.get(code="AFSP-FFH-2023")
    assert sorted(flour.locations.values_list("admin_area__p_code", flat=True)) == [
        "AF01",
        "AF27",
        "AF32",
    ]
    assert {"UNAMA", "UNODC"} <= set(
        flour.participants.values_list("organisation__acronym", flat=True)
    )
    target = IndicatorTarget.objects.get(indicator__result__project=flour)
    assert (target.value, target.is_illustrative) == (Decimal(68), False)
    assert flour.reporting_periods.get().is_locked
    for code in ("AFSP-WHEAT-HERAT", "AFSP-WHEAT-LOGAR"):
        funders = Project.objects.get(code=code).participants.filter(role="1")
        assert set(funders.values_list("organisation__acronym", flat=True)) == {
            "IOFS",
            "TIKA",
            "CICA",
        }
    farmers = TargetGroup.objects.filter(group="farmers")
    assert sum(group.targeted or 0 for group in farmers) == 600
    assert all(group.is_illustrative for group in farmers)
    assert Project.objects.get(code="AFSP-PRISONS").status == "1"
    assert Project.objects.get(code="FSG-WORKSHOP-2021").actual_start.isoformat() == "2021-12-22"

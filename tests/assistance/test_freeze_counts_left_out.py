"""Freezing a cycle's list leaves out a household whose member is listed already, and its
audit entry says how many it left out beside how many it listed: the audit log names the
count in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.assistance import services
from sunbula.core.audit import FACT_LABELS
from sunbula.core.models import AuditEntry, User
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db


def _frozen(field: Field) -> AuditEntry:
    return AuditEntry.objects.get(action="assistance.cycle.frozen", object_id=str(field.cycle.pk))


def test_the_freeze_counts_the_household_it_left_out(field: Field) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, person=field.mother)

    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)

    assert _frozen(field).after == {"status": "frozen", "beneficiaries": 0, "left_out": 1}


def test_a_freeze_that_leaves_no_one_out_says_so(field: Field) -> None:
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)

    assert _frozen(field).after == {"status": "frozen", "beneficiaries": 1, "left_out": 0}


def test_the_audit_log_names_the_count_in_arabic(field: Field, admin: User) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, person=field.mother)
    services.beneficiary_list_freeze(actor=admin, cycle=field.cycle)

    page = client_for(admin).get("/ar/audit/?action=assistance.cycle.frozen").content.decode()

    with translation.override("ar"):
        label = str(FACT_LABELS["left_out"])
    assert label != "Left out: served through their household or a member"
    assert f"<dt>{label}</dt><dd><bdi>1</bdi></dd>" in page

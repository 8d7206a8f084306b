"""Refused sends are kept for the days the server is configured with (90 unless told), then
removed by a nightly schedule on the task queue; their page says for how long."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from sunbula.core.reasons import Reason
from sunbula.core.schedules import schedules
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, RefusedSend
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/{language}/field-forms/refused/"
SCHEDULE = "fieldforms.refused_sends_purge"


def _refused(form: FieldForm, days_ago: int, instance_id: str) -> RefusedSend:
    refused = services.refused_send_record(
        actor=None,
        channel="openrosa",
        answer=400,
        reasons=[Reason("No xml_submission_file was sent.")],
        form=form,
        instance_id=instance_id,
    )
    received = timezone.now() - datetime.timedelta(days=days_ago)
    RefusedSend.objects.filter(pk=refused.pk).update(received_at=received)
    return refused


def _nightly_run() -> object:
    [schedule] = [schedule for schedule in schedules() if schedule.name == SCHEDULE]
    assert schedule.daily_at is not None
    return schedule.run()


def test_a_send_refused_longer_ago_than_the_days_kept_is_removed_each_night(
    household_form: FieldForm,
) -> None:
    _refused(household_form, 91, "uuid:old")
    kept = _refused(household_form, 89, "uuid:recent")
    assert _nightly_run() == "1 removed"
    assert list(RefusedSend.objects.values_list("pk", flat=True)) == [kept.pk]
    entry = AuditEntry.objects.get(action="fieldforms.refusedsend.removed")
    assert entry.actor is None and entry.after is not None and entry.after["count"] == 1


def test_the_days_kept_are_configured(settings: Any, household_form: FieldForm) -> None:
    settings.SUNBULA_REFUSED_SENDS_KEEP_DAYS = 7
    _refused(household_form, 8, "uuid:week-old")
    kept = _refused(household_form, 6, "uuid:days-old")
    assert services.refused_sends_purge(actor=None) == 1
    assert list(RefusedSend.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_night_with_nothing_to_remove_leaves_no_entry(household_form: FieldForm) -> None:
    _refused(household_form, 1, "uuid:yesterday")
    assert _nightly_run() == "0 removed"
    assert RefusedSend.objects.count() == 1
    assert not AuditEntry.objects.filter(action="fieldforms.refusedsend.removed").exists()


def test_the_page_says_how_long_a_refused_send_is_listed(settings: Any, officer_afg: User) -> None:
    client = client_for(officer_afg)
    page = client.get(PAGE.format(language="en")).content.decode()
    assert "A refused send is listed for 90 days, then removed." in page
    settings.SUNBULA_REFUSED_SENDS_KEEP_DAYS = 1
    page = client.get(PAGE.format(language="en")).content.decode()
    assert "A refused send is listed for 1 day, then removed." in page
    french = client.get(PAGE.format(language="fr")).content.decode()
    assert "1 jour" in french and "listed for" not in french

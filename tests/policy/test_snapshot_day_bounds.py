"""A report snapshot is of a day between the first day profiles can have been published
(policy.models.FIRST_SNAPSHOT_DAY) and today: a day before it (1900 typed for 2000) is
refused on its date, in the reader's language, and nothing is written."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sunbula.core.figures import date_text
from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.models import FIRST_SNAPSHOT_DAY, PolicyProfile, ReportSnapshot
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SNAPSHOT_TAKEN = "policy.reportsnapshot.created"


def _field(page: str, name: str) -> str:
    """The paragraph of the form's field `name`: its label, input and errors."""
    start = page.index(f'<label for="id_{name}">')
    return html.unescape(page[start : page.index("</p>", start)])


REFUSAL = "A snapshot cannot be taken of a day before %(day)s."


def _refusal(language: str) -> str:
    with translation.override(language):
        return translation.gettext(REFUSAL) % {"day": date_text(FIRST_SNAPSHOT_DAY)}


def _nothing_written() -> None:
    assert not ReportSnapshot.objects.exists()
    assert not AuditEntry.objects.filter(action=SNAPSHOT_TAKEN).exists()


@pytest.mark.parametrize("language", ["en", "fr", "ar", "ru"])
def test_a_snapshot_of_1900_is_refused_on_its_date_in_the_readers_language(
    analyst: User, afghan_published: PolicyProfile, language: str
) -> None:
    response = client_for(analyst).post(f"/{language}/policy/reports/", {"taken_on": "1900-01-01"})
    assert response.status_code == 422
    refusal = _refusal(language)
    assert refusal in _field(response.content.decode(), "taken_on")
    if language != "en":
        with translation.override(language):
            assert translation.gettext(REFUSAL) != REFUSAL
    _nothing_written()


def test_the_day_before_the_first_is_refused_by_the_service_itself(analyst: User) -> None:
    day_before = FIRST_SNAPSHOT_DAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.report_snapshot_take(actor=analyst, taken_on=day_before)
    assert refused.value.message_dict == {"taken_on": [_refusal("en")]}
    _nothing_written()


def test_the_first_day_itself_is_taken(analyst: User) -> None:
    response = client_for(analyst).post(
        "/en/policy/reports/", {"taken_on": FIRST_SNAPSHOT_DAY.isoformat()}
    )
    assert response.status_code == 302
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.taken_on == FIRST_SNAPSHOT_DAY
    assert AuditEntry.objects.filter(action=SNAPSHOT_TAKEN, object_id=str(snapshot.pk)).exists()

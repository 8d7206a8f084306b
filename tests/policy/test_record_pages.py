"""A profile's records are added and changed on pages of their own, from the profile: a
refused one comes back with why on its field (422), nothing written."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from sunbula.core.models import AuditEntry, User
from sunbula.core.validation import today_somewhere
from sunbula.policy import services
from sunbula.policy.models import LegalInstrument, PolicyProfile, Strategy
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _field(html: str, name: str) -> str:
    """The paragraph of the form's field `name`: its label, input and errors."""
    start = html.index(f'<label for="id_{name}">')
    return html[start : html.index("</p>", start)]


def test_a_strategy_ending_before_it_starts_is_refused_on_its_end(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    response = client_for(analyst).post(
        f"/en/policy/{afghan_draft.pk}/add/strategy/",
        {"name": "Nutrition plan", "start_year": 2030, "end_year": 2021, "status": "adopted"},
    )
    assert response.status_code == 422
    assert '<strong class="error">This cannot come before' in _field(
        response.content.decode(), "end_year"
    )
    assert not Strategy.objects.filter(name="Nutrition plan").exists()


def test_a_legal_text_dated_in_the_future_is_refused_on_its_date(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    tomorrow = today_somewhere() + datetime.timedelta(days=1)
    response = client_for(analyst).post(
        f"/en/policy/{afghan_draft.pk}/add/legal-instrument/",
        {"name": "Food law", "kind": "legislation", "date_of_text": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert '<strong class="error">A text cannot be dated in the future.</strong>' in _field(
        response.content.decode(), "date_of_text"
    )
    assert not LegalInstrument.objects.exists()


def test_the_profile_links_its_strategies_and_texts_to_their_pages(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    law = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Food safety law", kind="legislation"
    )
    strategy = afghan_draft.strategies.get()
    html = client_for(analyst).get(f"/en/policy/{afghan_draft.pk}/").content.decode()
    assert f'<a href="/en/policy/records/strategy/{strategy.pk}/edit/">' in html
    assert f'<a href="/en/policy/records/legal-instrument/{law.pk}/edit/">' in html


def test_changing_a_strategy_goes_through_its_service_and_is_audited(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    strategy = afghan_draft.strategies.get()
    client = client_for(analyst)
    url = f"/en/policy/records/strategy/{strategy.pk}/edit/"
    assert 'value="National food security strategy"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "National food security strategy",
            "name_ar": "الاستراتيجية الوطنية للأمن الغذائي",
            "start_year": 2021,
            "end_year": 2035,
            "status": "adopted",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == afghan_draft.get_absolute_url()
    strategy.refresh_from_db()
    assert strategy.end_year == 2035
    entry = AuditEntry.objects.get(action="policy.strategy.updated")
    assert (entry.before, entry.after) == ({"end_year": 2030}, {"end_year": 2035})
    refused = client.post(
        url, {"name": "X", "start_year": 2021, "end_year": 2020, "status": "adopted"}
    )
    assert refused.status_code == 422
    assert '<strong class="error">This cannot come before' in _field(
        refused.content.decode(), "end_year"
    )


def test_changing_a_legal_text_refuses_a_future_date_and_itself_as_amended(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    law = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Food safety law", kind="legislation"
    )
    client = client_for(analyst)
    url = f"/en/policy/records/legal-instrument/{law.pk}/edit/"
    assert f'<option value="{law.pk}"' not in client.get(url).content.decode()
    response = client.post(
        url, {"name": "Food safety law", "kind": "legislation", "date_of_text": "2031-01-01"}
    )
    assert response.status_code == 422
    assert "A text cannot be dated in the future." in _field(
        response.content.decode(), "date_of_text"
    )
    saved = client.post(
        url, {"name": "Food safety law", "kind": "legislation", "date_of_text": "2019-06-01"}
    )
    assert saved.status_code == 302
    law.refresh_from_db()
    assert law.date_of_text == datetime.date(2019, 6, 1)
    assert AuditEntry.objects.filter(action="policy.legalinstrument.updated").count() == 1


def test_only_a_draft_is_changed_and_only_from_its_country(
    world: World, analyst: User, afghan_published: PolicyProfile, focal_kaz: User
) -> None:
    strategy = afghan_published.strategies.get()
    url = f"/en/policy/records/strategy/{strategy.pk}/edit/"
    assert client_for(focal_kaz).get(url).status_code == 404
    response = client_for(analyst).post(
        url, {"name": "Renamed", "start_year": 2021, "end_year": 2030, "status": "adopted"}
    )
    assert response.status_code == 409
    assert "reopen it first" in response.content.decode()
    assert Strategy.objects.get(pk=strategy.pk).name == "National food security strategy"
    for page in (url, f"/en/policy/{afghan_published.pk}/add/decision/"):
        refused = client_for(analyst).get(page)
        assert refused.status_code == 409 and "reopen it first" in refused.content.decode()
    html = client_for(analyst).get(f"/en/policy/{afghan_published.pk}/").content.decode()
    assert "/edit/" not in html


def test_a_country_that_cannot_have_a_profile_is_refused_on_the_field(
    world: World, analyst: User
) -> None:
    response = client_for(analyst).post("/en/policy/new/", {"country": "999"})
    assert response.status_code == 422
    html = response.content.decode()
    assert '<strong class="error">Choose a member state in your countries.</strong>' in html
    assert not PolicyProfile.objects.exists()
    started = client_for(analyst).post("/en/policy/new/", {"country": "AFG"})
    assert started.status_code == 302
    assert started["Location"] == PolicyProfile.objects.get().get_absolute_url()


def test_a_snapshot_of_a_future_day_is_refused_on_its_date(analyst: User) -> None:
    tomorrow = today_somewhere() + datetime.timedelta(days=1)
    response = client_for(analyst).post("/en/policy/reports/", {"taken_on": tomorrow.isoformat()})
    assert response.status_code == 422
    assert "A snapshot cannot be taken of a future day." in _field(
        response.content.decode(), "taken_on"
    )
    with pytest.raises(Exception, match="future day"):
        services.report_snapshot_take(actor=analyst, taken_on=tomorrow)


def test_a_legal_text_of_kabuls_today_is_recorded_while_the_server_has_yesterday(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    """At half past one in the morning in Kabul (21:00 UTC), the day before's server date."""
    url = f"/en/policy/{afghan_draft.pk}/add/legal-instrument/"
    with time_machine.travel(datetime.datetime(2024, 6, 1, 21, 0, tzinfo=datetime.UTC)):
        client = client_for(analyst)
        to_come = client.post(
            url, {"name": "Food law", "kind": "legislation", "date_of_text": "2024-06-03"}
        )
        assert to_come.status_code == 422
        today_in_kabul = client.post(
            url, {"name": "Food law", "kind": "legislation", "date_of_text": "2024-06-02"}
        )
        assert today_in_kabul.status_code == 302
    assert LegalInstrument.objects.get(name="Food law").date_of_text == datetime.date(2024, 6, 2)

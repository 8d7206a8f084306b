"""A rule the database enforces on a record (a period in order, both coordinates or none)
is refused on the field it concerns, in the reader's language, not as "Constraint … is
violated." above the form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sunbula.core import services
from sunbula.core.models import Site, User
from sunbula.funding.models import DonorConference
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _conference_ending_before_it_starts() -> DonorConference:
    return DonorConference(title="Donor conference", starts_on="2026-03-12", ends_on="2026-03-10")


def test_a_site_needs_both_coordinates_or_neither(world: World) -> None:
    sites = Site.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.site_create(
            actor=None, name="Kabul store", kind="warehouse", country=world.afghanistan, latitude=34
        )
    assert refused.value.message_dict == {
        "longitude": ["Give both the latitude and the longitude, or neither."]
    }
    assert Site.objects.count() == sites


def test_the_site_page_shows_the_refusal_on_the_field(world: World, admin: User) -> None:
    sites = Site.objects.count()
    page = {
        "name": "Kabul store",
        "kind": "warehouse",
        "country": world.afghanistan.pk,
        "admin_area": world.hirat.pk,
        "latitude": "34.5",
    }
    response = client_for(admin).post("/en/sites/new/", page)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors == {"longitude": ["Give both the latitude and the longitude, or neither."]}
    assert f"{world.hirat} ({world.hirat.p_code})" in response.content.decode()
    assert Site.objects.count() == sites


def test_a_period_that_ends_before_it_starts_is_refused_on_its_end(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _conference_ending_before_it_starts().validate_constraints()
    assert refused.value.message_dict == {"ends_on": ["This cannot come before “Starts on”."]}


def test_the_refusal_is_in_the_readers_language(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _conference_ending_before_it_starts().validate_constraints()
    with translation.override("fr"):
        assert refused.value.message_dict == {
            "ends_on": ["Ceci ne peut pas précéder « Commence le »."]
        }

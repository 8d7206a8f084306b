"""A legal text that another text still amends or repeals is not removed, on its page or
through the API (409, naming the texts that link to it): its link is not cut silently. Once
those texts no longer name it, it is removed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import RestrictedError

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.errors import RecordInUse
from sunbula.policy.models import LegalInstrument, PolicyProfile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def food_law(analyst: User, afghan_draft: PolicyProfile) -> LegalInstrument:
    return services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Food law", kind="legislation"
    )


def test_a_text_amended_or_repealed_by_others_stays(
    analyst: User, afghan_draft: PolicyProfile, food_law: LegalInstrument
) -> None:
    amendment = services.legal_instrument_add(
        actor=analyst,
        profile=afghan_draft,
        name="Amendment of 2019",
        kind="legislation",
        amends=food_law,
    )
    services.legal_instrument_add(
        actor=analyst,
        profile=afghan_draft,
        name="Food code",
        kind="regulation",
        repeals=food_law,
    )
    why = (
        "Food law is still amended or repealed by: Amendment of 2019, Food code. Correct "
        "those texts first, so that they no longer name it."
    )
    client = client_for(analyst)
    page = f"/en/policy/records/legal-instrument/{food_law.pk}/remove/"
    for response in (client.get(page), client.post(page, {"reason": "Entered twice"})):
        assert response.status_code == 409
        assert why in response.content.decode()
    refused = client.post(
        f"/api/v1/legal-instruments/{food_law.pk}/remove/",
        {"reason": "Entered twice"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == why
    with pytest.raises(RecordInUse):
        services.legal_instrument_remove(actor=analyst, instrument=food_law, reason="Twice")
    food_law.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.amends == food_law
    assert not AuditEntry.objects.filter(action="policy.legalinstrument.removed").exists()


def test_a_text_no_other_names_any_more_is_removed(
    analyst: User, afghan_draft: PolicyProfile, food_law: LegalInstrument
) -> None:
    amendment = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Amendment", kind="legislation", amends=food_law
    )
    services.legal_instrument_update(actor=analyst, instrument=amendment, amends=None)
    client = client_for(analyst)
    page = f"/en/policy/records/legal-instrument/{food_law.pk}/remove/"
    assert client.post(page, {"reason": "Entered twice"}).status_code == 302
    assert not LegalInstrument.objects.filter(pk=food_law.pk).exists()
    # The text that amended another keeps its own place: removing it cuts no link.
    removed = client.post(
        f"/api/v1/legal-instruments/{amendment.pk}/remove/",
        {"reason": "Not in force"},
        content_type="application/json",
    )
    assert removed.status_code == 204
    entry = AuditEntry.objects.filter(action="policy.legalinstrument.removed").latest("pk")
    assert entry.before["reason"] == "Not in force" and entry.before["amends"] is None


def test_the_link_is_kept_by_any_path_yet_a_whole_profile_goes_with_its_texts(
    analyst: User, afghan_draft: PolicyProfile, food_law: LegalInstrument
) -> None:
    """Outside the service (the admin, a script), a text another still amends is refused
    too, never unlinked; a profile removed with all its texts takes their links with it."""
    amendment = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Amendment", kind="legislation", amends=food_law
    )
    with pytest.raises(RestrictedError), transaction.atomic():
        food_law.delete()
    amendment.refresh_from_db()
    assert amendment.amends_id == food_law.pk
    LegalInstrument.objects.filter(profile=afghan_draft).delete()
    assert not LegalInstrument.objects.filter(profile=afghan_draft).exists()

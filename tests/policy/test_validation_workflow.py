"""draft → submitted → validated by the country's own focal point → published, and no shortcut."""

from __future__ import annotations

import pytest

from sunbula.core.errors import NotPermitted
from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.errors import WorkflowError
from sunbula.policy.models import PolicyProfile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_focal_point_of_the_country_validates(
    afghan_draft: PolicyProfile, analyst: User, focal_afg: User
) -> None:
    services.profile_submit(actor=analyst, profile=afghan_draft)
    services.profile_validate(actor=focal_afg, profile=afghan_draft)
    services.profile_publish(actor=analyst, profile=afghan_draft)
    afghan_draft.refresh_from_db()
    assert afghan_draft.status == "published"
    assert afghan_draft.validated_by == focal_afg


def test_a_focal_point_of_another_country_cannot_validate(
    afghan_draft: PolicyProfile, analyst: User, focal_kaz: User
) -> None:
    services.profile_submit(actor=analyst, profile=afghan_draft)
    with pytest.raises(NotPermitted, match="Only the focal point of Afghanistan"):
        services.profile_validate(actor=focal_kaz, profile=afghan_draft)
    afghan_draft.refresh_from_db()
    assert afghan_draft.status == "submitted"


def test_the_focal_point_does_not_validate_a_profile_she_submitted(
    afghan_draft: PolicyProfile, focal_afg: User
) -> None:
    services.profile_submit(actor=focal_afg, profile=afghan_draft)
    refused = client_for(focal_afg).post(f"/en/policy/{afghan_draft.pk}/validate/")
    assert refused.status_code == 403
    assert "Someone other than the one who submitted it" in refused.content.decode()
    afghan_draft.refresh_from_db()
    assert (afghan_draft.status, afghan_draft.validated_by) == ("submitted", None)


def test_neither_an_analyst_nor_an_administrator_can_validate(
    afghan_draft: PolicyProfile, analyst: User, admin: User
) -> None:
    services.profile_submit(actor=analyst, profile=afghan_draft)
    for someone in (analyst, admin):
        with pytest.raises(NotPermitted):
            services.profile_validate(actor=someone, profile=afghan_draft)


def test_steps_cannot_be_skipped(
    afghan_draft: PolicyProfile, analyst: User, focal_afg: User
) -> None:
    with pytest.raises(WorkflowError):
        services.profile_validate(actor=focal_afg, profile=afghan_draft)
    with pytest.raises(WorkflowError):
        services.profile_publish(actor=analyst, profile=afghan_draft)
    services.profile_submit(actor=analyst, profile=afghan_draft)
    with pytest.raises(WorkflowError):
        services.profile_publish(actor=analyst, profile=afghan_draft)


def test_only_a_draft_can_be_changed(afghan_published: PolicyProfile, analyst: User) -> None:
    with pytest.raises(WorkflowError):
        services.decision_add(
            actor=analyst,
            profile=afghan_published,
            name="Late addition",
            group="consumer",
            decided_on="2024-05-01",  # type: ignore[arg-type]
        )
    services.profile_reopen(actor=analyst, profile=afghan_published)
    afghan_published.refresh_from_db()
    assert afghan_published.status == "draft"
    assert afghan_published.validated_by is None


def test_the_page_and_the_api_refuse_the_wrong_focal_point(
    afghan_draft: PolicyProfile, analyst: User, focal_kaz: User, focal_afg: User
) -> None:
    services.profile_submit(actor=analyst, profile=afghan_draft)
    # Outside her country the profile does not exist for her.
    assert client_for(focal_kaz).post(f"/en/policy/{afghan_draft.pk}/validate/").status_code == 404
    assert (
        client_for(focal_kaz)
        .post(f"/api/v1/policy-profiles/{afghan_draft.pk}/validate/")
        .status_code
        == 404
    )
    afghan_draft.refresh_from_db()
    assert afghan_draft.status == "submitted"
    response = client_for(focal_afg).post(f"/api/v1/policy-profiles/{afghan_draft.pk}/validate/")
    assert response.status_code == 200
    assert response.json()["status"] == "validated"


def test_the_api_answers_409_to_a_step_out_of_order(
    afghan_draft: PolicyProfile, analyst: User
) -> None:
    response = client_for(analyst).post(f"/api/v1/policy-profiles/{afghan_draft.pk}/publish/")
    assert response.status_code == 409
    assert "validated" in response.json()["detail"]

"""Legal instruments link within one country; frameworks gain versions without losing the old."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.errors import WorkflowError
from sunbula.policy.models import PolicyProfile
from tests.conftest import World
from tests.policy.conftest import draft_profile

pytestmark = pytest.mark.django_db


def test_an_amendment_links_to_the_text_it_amends(
    world: World, analyst: User, afghan_draft: PolicyProfile
) -> None:
    law = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Food safety law", kind="legislation"
    )
    amendment = services.legal_instrument_add(
        actor=analyst, profile=afghan_draft, name="Amendment", kind="legislation", amends=law
    )
    assert list(law.amended_by.all()) == [amendment]
    kazakh = draft_profile(world, analyst, "kazakhstan")
    with pytest.raises(WorkflowError):
        services.legal_instrument_add(
            actor=analyst, profile=kazakh, name="Foreign repeal", kind="legislation", repeals=law
        )


def test_a_new_framework_version_keeps_the_old_scores(world: World, analyst: User) -> None:
    first = services.framework_create(
        actor=analyst, code="comcec-2020", name="COMCEC", criteria=[("I", "Strategy", {})]
    )
    services.score_record(
        actor=analyst,
        criterion=first.criteria.get(),
        country=world.afghanistan,
        year=2024,
        score=1,
        evidence="Expired plan",
    )
    second = services.framework_create(
        actor=analyst,
        code="comcec-2020",
        name="COMCEC",
        criteria=[("I", "Strategy", {}), ("V", "Information system", {})],
    )
    assert (first.version, second.version) == (1, 2)
    assert first.criteria.get().scores.count() == 1
    assert second.criteria.count() == 2

"""Scoring a country against an assessment framework's criteria through the API: an analyst
scores the countries she assesses and corrects a score by sending it again; a focal point
reads the scores of her country but may not score; an analyst of another country neither
sees nor scores them."""

from __future__ import annotations

from typing import Any

import pytest

from sunbula.core.models import Role, User
from sunbula.policy import services
from sunbula.policy.models import AssessmentFramework, CriterionScore
from tests.conftest import World, client_for, make_persona

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def framework(analyst: User) -> AssessmentFramework:
    return services.framework_create(
        actor=analyst,
        code="FSG",
        name="Food security governance",
        criteria=[
            ("FSG1", "A national strategy is adopted", {}),
            ("FSG2", "A coordinating body meets", {}),
        ],
    )


@pytest.fixture
def analyst_afg(world: World) -> User:
    return make_persona(
        "analyst.afg@example.org", Role.POLICY_ANALYST, world.iofs, [world.afghanistan]
    )


@pytest.fixture
def analyst_kaz(world: World) -> User:
    return make_persona(
        "analyst.kaz@example.org", Role.POLICY_ANALYST, world.iofs, [world.kazakhstan]
    )


def _scores(framework: AssessmentFramework) -> str:
    return f"/api/v1/assessment-frameworks/{framework.pk}/scores/"


def _score(**changes: Any) -> dict[str, Any]:
    return {
        "criterion": "FSG1",
        "country": "AFG",
        "year": 2024,
        "score": 2,
        "evidence": "Strategy adopted in 2021; action plan not yet costed.",
        "evidence_translations": {"fr": "Stratégie adoptée en 2021."},
        **changes,
    }


def test_an_analyst_scores_her_country_and_corrects_the_score(
    framework: AssessmentFramework, analyst_afg: User
) -> None:
    client = client_for(analyst_afg)
    scored = client.post(_scores(framework), _score(), content_type=JSON)
    assert scored.status_code == 201, scored.json()
    assert {key: scored.json()[key] for key in ("criterion", "country", "year", "score")} == {
        "criterion": "FSG1",
        "country": "AFG",
        "year": 2024,
        "score": 2,
    }
    corrected = client.post(_scores(framework), _score(score=3), content_type=JSON)
    assert corrected.status_code == 201 and corrected.json()["id"] == scored.json()["id"]
    listed = client.get(_scores(framework)).json()
    assert [(row["criterion"], row["score"]) for row in listed] == [("FSG1", 3)]
    assert listed[0]["evidence_translations"] == {"fr": "Stratégie adoptée en 2021."}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"criterion": "XX9"}, "criterion"),
        ({"country": "KAZ"}, "country"),
        ({"country": "ZZZ"}, "country"),
        ({"score": 4}, "score"),
        ({"year": 1800}, "year"),
        ({"evidence": ""}, "evidence"),
    ],
)
def test_a_score_that_cannot_be_is_refused_on_its_field_and_nothing_is_written(
    framework: AssessmentFramework, analyst_afg: User, changes: dict[str, Any], field: str
) -> None:
    refused = client_for(analyst_afg).post(_scores(framework), _score(**changes), content_type=JSON)
    assert refused.status_code == 400, refused.json()
    assert field in refused.json(), refused.json()
    assert not CriterionScore.objects.exists()


def test_a_country_outside_the_scope_is_refused_like_one_that_does_not_exist(
    framework: AssessmentFramework, analyst_afg: User
) -> None:
    client = client_for(analyst_afg)
    outside = client.post(_scores(framework), _score(country="KAZ"), content_type=JSON)
    missing = client.post(_scores(framework), _score(country="ZZZ"), content_type=JSON)
    assert outside.json()["country"][0].replace("KAZ", "?") == missing.json()["country"][0].replace(
        "ZZZ", "?"
    )


def test_a_focal_point_reads_her_countrys_scores_but_may_not_score(
    framework: AssessmentFramework, analyst: User, focal_afg: User
) -> None:
    services.score_record(
        actor=analyst,
        criterion=framework.criteria.get(code="FSG2"),
        country=focal_afg.role_assignments.get().countries.get(),
        year=2024,
        score=1,
        evidence="Meets twice a year.",
    )
    client = client_for(focal_afg)
    assert [row["criterion"] for row in client.get(_scores(framework)).json()] == ["FSG2"]
    assert client.post(_scores(framework), {"year": "?"}, content_type=JSON).status_code == 403
    assert client.post(_scores(framework), _score(), content_type=JSON).status_code == 403
    assert CriterionScore.objects.count() == 1


def test_an_analyst_of_another_country_neither_sees_nor_scores_it(
    framework: AssessmentFramework, analyst_afg: User, analyst_kaz: User
) -> None:
    client_for(analyst_afg).post(_scores(framework), _score(), content_type=JSON)
    other = client_for(analyst_kaz)
    assert other.get(_scores(framework)).json() == []
    refused = other.post(_scores(framework), _score(score=0), content_type=JSON)
    assert refused.status_code == 400 and "country" in refused.json()
    assert CriterionScore.objects.get().score == 2
    assert other.get("/api/v1/assessment-frameworks/987654/scores/").status_code == 404
    assert (
        other.post(
            "/api/v1/assessment-frameworks/987654/scores/", _score(), content_type=JSON
        ).status_code
        == 404
    )

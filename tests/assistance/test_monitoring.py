"""Post-distribution monitoring: a sample drawn again the same from its seed, only among the
households a cycle served; one link each, handed over once with names masked; the answers
on the cycle's page and through the API; an officer of another country refused."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Entitlement, MonitoringSample
from sunbula.core.models import User
from sunbula.learning import services as surveys
from sunbula.learning.models import SurveyQuestion
from sunbula.registry.protection import MASK
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db
D = datetime.date
TOKEN = re.compile(r"/s/([A-Za-z0-9_-]+)/")
SERVED = ("HH-1", "HH-2", "HH-3")


@pytest.fixture
def served(field: Field, scene: tuple[list[Entitlement], object, int]) -> set[int]:
    """Three of the cycle's households served (and the treatment centre, if listed)."""
    rows = [services.BatchRow(reference, Decimal(10)) for reference in SERVED]
    institution = Beneficiary.objects.filter(cycle=field.cycle, kind="institution").first()
    if institution is not None:
        rows.append(services.BatchRow(institution.reference, Decimal(1)))
    services.distribution_batch_record(
        actor=None,
        cycle=field.cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=D(2023, 6, 2),
        rows=rows,
    )
    return set(
        Beneficiary.objects.filter(cycle=field.cycle, reference__in=SERVED).values_list(
            "pk", flat=True
        )
    )


def _sampled(field: Field, **how: object) -> list[int]:
    monitoring, links = services.monitoring_start(actor=None, cycle=field.cycle, **how)  # type: ignore[arg-type]
    assert monitoring.sampled == len(links)
    return [link.beneficiary.pk for link in links]


def test_the_same_seed_draws_the_same_sample_among_those_served(
    field: Field, served: set[int]
) -> None:
    first = _sampled(field, seed=42, sample_size=2)
    assert len(first) == 2
    assert set(first) <= served
    assert _sampled(field, seed=42, sample_size=2) == first
    # A percentage of those served, rounded up; a size above them takes them all.
    assert len(_sampled(field, seed=7, percent=Decimal(50))) == 2
    assert set(_sampled(field, seed=1, sample_size=50)) == served


def test_nobody_served_nothing_to_sample(field: Field) -> None:
    with pytest.raises(services.MonitoringRefused):
        services.monitoring_start(actor=None, cycle=field.cycle, seed=1, sample_size=3)


def test_links_are_handed_over_once_masked_and_answers_show_on_the_cycle_page(
    field: Field, served: set[int], officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.get(f"/en/assistance/cycles/{field.cycle.pk}/monitoring/new/")
    assert page.status_code == 200
    sheet = client.post(
        f"/en/assistance/cycles/{field.cycle.pk}/monitoring/new/",
        {"sample_size": 2, "seed": 42, "language": "ar", "links": "page"},
    )
    assert sheet.status_code == 200, sheet.content[:2000]
    html = sheet.content.decode()
    tokens = TOKEN.findall(html)
    assert len(set(tokens)) == 2
    assert "/ar/" in html  # each link opens the survey in the respondent's language
    assert "Fatima" not in html and MASK in html
    sample = MonitoringSample.objects.select_related("monitoring__survey").first()
    assert sample is not None
    survey = sample.monitoring.survey
    full = survey.questions.get(position=1)
    assert full.kind == SurveyQuestion.Kind.SINGLE and full.label_translations["ar"]
    scale = survey.questions.get(kind=SurveyQuestion.Kind.SCALE)
    answers: dict[int, object] = {
        question.pk: question.options.order_by("position").values_list("pk", flat=True)[0]
        for question in survey.questions.filter(kind=SurveyQuestion.Kind.SINGLE)
    }
    answers[scale.pk] = 4
    surveys.survey_respond(actor=None, token=tokens[0], answers=answers, language="ar")
    cycle_page = client.get(f"/en/assistance/cycles/{field.cycle.pk}/").content.decode()
    assert "1 of 2 sampled answered (50%)" in re.sub(r"</?bdi>", "", cycle_page)
    assert "Did you receive the full ration?" in cycle_page
    assert 'width="100"' in cycle_page  # the one respondent chose "Yes, all of it"
    assert f"/learning/surveys/{survey.pk}/?format=csv" in cycle_page

    rounds = client.get(f"/api/v1/assistance/cycles/{field.cycle.pk}/monitoring/").json()
    assert rounds[0]["answered"] == 1 and rounds[0]["response_rate"] == 50
    assert rounds[0]["results"][0]["bars"][0] == {
        "answer": "Yes, all of it",
        "count": 1,
        "percent": 100,
    }


def test_the_links_download_as_a_file_with_names_masked(
    field: Field, served: set[int], officer_afg: User
) -> None:
    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/monitoring/new/",
        {"percent": "100", "seed": 3, "language": "en", "links": "csv"},
    )
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    text = answer.content.decode("utf-8-sig")
    assert len(TOKEN.findall(text)) == 3
    assert "Fatima" not in text


def test_the_api_starts_a_round_and_gives_the_links_once(
    field: Field, served: set[int], officer_afg: User
) -> None:
    answer = client_for(officer_afg).post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/monitoring/",
        {"sample_size": 2, "seed": 42},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["monitoring"]["sampled"] == 2 and body["monitoring"]["served"] == 3
    assert {link["beneficiary"] for link in body["links"]} <= served
    assert all(TOKEN.search(link["link"]) for link in body["links"])


def test_an_officer_of_another_country_is_refused(
    field: Field, served: set[int], officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    assert client.get(f"/en/assistance/cycles/{field.cycle.pk}/monitoring/new/").status_code == 404
    posted = client.post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/monitoring/",
        {"sample_size": 2, "seed": 42},
        content_type="application/json",
    )
    assert posted.status_code == 404
    assert not MonitoringSample.objects.exists()

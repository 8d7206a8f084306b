"""A survey's download gives a several-choices question its answer as text and a 1/0 column
per option (as KoboToolbox and ODK export them), so that a spreadsheet can count and pivot
it: 1 chosen, 0 answered without it, empty when the respondent skipped the question."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Survey
from tests.conftest import client_for
from tests.learning.conftest import Workshop, at

pytestmark = pytest.mark.django_db

FIXED = ["Response", "Submitted at", "Language"]


def answered_survey(workshop: Workshop) -> Survey:
    """Three questions; the first respondent ticks two of three kinds of support (in the
    reverse of the offered order), the second skips that question."""
    survey = services.survey_create(actor=None, title="Post-distribution", event=workshop.event)
    useful = services.survey_question_add(
        actor=None,
        survey=survey,
        label="Was it useful?",
        label_translations={"fr": "Était-ce utile ?"},
        kind="single",
        options=[
            services.OptionText("Yes", {"fr": "Oui"}),
            services.OptionText("No", {"fr": "Non"}),
        ],
    )
    support = services.survey_question_add(
        actor=None,
        survey=survey,
        label="Support received",
        label_translations={"fr": "Soutien reçu", "ar": "الدعم المتلقى"},
        kind="multiple",
        options=[
            services.OptionText("Seeds", {"fr": "Semences", "ar": "بذور"}),
            services.OptionText("Tools; fertiliser", {"fr": "Outils; engrais", "ar": "أدوات"}),
            services.OptionText("Cash", {"fr": "Espèces", "ar": "نقد"}),
        ],
    )
    comments = services.survey_question_add(
        actor=None, survey=survey, label="Comments", kind="text"
    )
    yes, no = useful.options.all()
    seeds, tools, _cash = support.options.all()
    first, second = services.survey_invite(
        actor=None, survey=survey, recipients=[services.Recipient(), services.Recipient()]
    )
    services.survey_respond(
        actor=None,
        token=first.token,
        now=at(10),
        answers={
            useful.pk: str(yes.pk),
            support.pk: [str(tools.pk), str(seeds.pk)],
            comments.pk: "Late",
        },
    )
    services.survey_respond(
        actor=None,
        token=second.token,
        now=at(11),
        answers={useful.pk: str(no.pk), support.pk: [], comments.pk: "On time"},
    )
    return survey


def csv_rows(client: Any, url: str) -> list[list[str]]:
    download = client.get(f"{url}?format=csv")
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_each_option_of_a_several_choices_question_is_a_column_of_1_0_or_empty(
    workshop: Workshop, admin: User
) -> None:
    survey = answered_survey(workshop)
    rows = csv_rows(client_for(admin), f"/en/learning/surveys/{survey.pk}/")
    assert rows[0] == [
        *FIXED,
        "Was it useful?",
        "Support received",
        "Support received / Seeds",
        "Support received / Tools; fertiliser",  # one column, "; " and all
        "Support received / Cash",
        "Comments",
    ]
    assert rows[1][3:] == ["Yes", "Seeds, Tools; fertiliser", "1", "1", "0", "Late"]
    assert rows[2][3:] == ["No", "", "", "", "", "On time"]
    assert len(rows) == 3


def test_the_option_columns_are_numbers_in_a_workbook(workshop: Workshop, admin: User) -> None:
    survey = answered_survey(workshop)
    download = client_for(admin).get(f"/en/learning/surveys/{survey.pk}/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active  # type: ignore[attr-defined]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]  # type: ignore[union-attr]
    assert cells[0][3:9] == [
        "Was it useful?",
        "Support received",
        "Support received / Seeds",
        "Support received / Tools; fertiliser",
        "Support received / Cash",
        "Comments",
    ]
    assert cells[1][3:] == ["Yes", "Seeds, Tools; fertiliser", 1, 1, 0, "Late"]
    assert all(type(value) is int for value in cells[1][5:8])
    assert cells[2][3:] == ["No", None, None, None, None, "On time"]


def test_the_headings_and_options_are_in_the_reader_s_language(
    workshop: Workshop, admin: User
) -> None:
    survey = answered_survey(workshop)
    client = client_for(admin)
    french = csv_rows(client, f"/fr/learning/surveys/{survey.pk}/")
    assert french[0][3:8] == [
        "Était-ce utile ?",
        "Soutien reçu",
        "Soutien reçu / Semences",
        "Soutien reçu / Outils; engrais",
        "Soutien reçu / Espèces",
    ]
    assert french[1][3:8] == ["Oui", "Semences, Outils; engrais", "1", "1", "0"]
    arabic = csv_rows(client, f"/ar/learning/surveys/{survey.pk}/")
    assert arabic[0][5] == "الدعم المتلقى / بذور"
    assert arabic[1][4] == "بذور، أدوات"  # the Arabic comma

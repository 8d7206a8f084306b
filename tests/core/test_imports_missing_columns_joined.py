"""A file refused for missing columns names them as a list the reader reads: joined with the
Arabic comma on Arabic pages, the Latin one on the others, whatever language checked it."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from sunbula.core.reasons import reason_text
from sunbula.registry import importing
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _stored_reason(world: World) -> dict[str, object]:
    """The reason the registry keeps for a file with neither required column, checked in
    English (as a worker may)."""
    content = b"family_name\nKarimi\n"
    with translation.override("en"):
        table = importing.lines_of(io.BytesIO(content), "people.csv", len(content))
        checked = importing.check_rows(table, country=world.afghanistan)
    (problem,) = checked.problems
    stored = problem.as_dict()
    return {"message": stored["message"], "params": stored["params"]}


@pytest.mark.parametrize(
    ("language", "columns"),
    [
        ("ar", "external_id، given_name"),
        ("fr", "external_id, given_name"),
        ("en", "external_id, given_name"),
    ],
)
def test_missing_columns_are_joined_as_the_reader_joins_a_list(
    world: World, language: str, columns: str
) -> None:
    stored = _stored_reason(world)
    with translation.override(language):
        text = reason_text(stored)
    assert text.endswith(columns)
    assert "[" not in text

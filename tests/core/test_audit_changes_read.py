"""The audit log's Change column reads as field: value pairs, each field by its model's name
for it in the reader's language, values as written and escaped; its download keeps the
recorded JSON."""

from __future__ import annotations

import csv
import html
import io

import pytest

from sunbula.core.audit import audit_record
from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(admin: User, world: World) -> None:
    audit_record(
        actor=admin,
        action="core.organisation.updated",
        obj=world.iofs,
        before={"kind": "igo", "acronym": "IOFS"},
        after={"kind": "ngo", "acronym": "<b>IOFS</b>"},
    )
    audit_record(
        actor=admin,
        action="core.user.second_factor_reset",
        obj=admin,
        after={"with": "authenticator app", "codes": [1, 2], "active": True},
    )


def _change_cells(page: str) -> str:
    return page.split("<tbody>", 1)[1]


def test_a_change_reads_as_field_value_pairs(admin: User, entries: None) -> None:
    page = client_for(admin).get("/en/audit/?action=core.").content.decode()
    cells = _change_cells(page)
    # a choice by its label, as the organisation's page shows it
    assert "<dt>Kind</dt><dd><bdi>Non-governmental organisation</bdi></dd>" in cells
    assert "<dt>Kind</dt><dd><bdi>Intergovernmental organisation</bdi></dd>" in cells
    assert "<dt>Acronym</dt><dd><bdi>&lt;b&gt;IOFS&lt;/b&gt;</bdi></dd>" in cells
    assert "<dt>Method</dt><dd><bdi>authenticator app</bdi></dd>" in cells
    assert "<dt>Codes</dt><dd><bdi>1, 2</bdi></dd>" in cells
    assert "<dt>Active</dt><dd><bdi>Yes</bdi></dd>" in cells
    assert "{&#x27;" not in cells and "{'" not in html.unescape(cells)


def test_field_names_are_in_the_readers_language(admin: User, entries: None) -> None:
    page = client_for(admin).get("/fr/audit/?action=core.organisation").content.decode()
    assert "<dt>Type</dt><dd><bdi>Organisation non gouvernementale</bdi></dd>" in _change_cells(
        page
    )


def test_the_download_keeps_the_recorded_values(admin: User, entries: None) -> None:
    response = client_for(admin).get("/en/audit/?action=core.user.second&format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["After"] == '{"active": true, "codes": [1, 2], "with": "authenticator app"}'

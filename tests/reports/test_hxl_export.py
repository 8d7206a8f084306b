"""The HXL 4W export is read back by libhxl with the hashtags the coordination hubs use."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import hxl
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TAGS = [
    "#org+name",
    "#org+type",
    "#sector+code",
    "#activity",
    "#adm1+name",
    "#adm1+code",
    "#date+start",
    "#date+end",
    "#status",
    "#targeted",
    "#targeted+f",
    "#targeted+m",
    "#reached",
]


def test_libhxl_reads_the_4w_csv_back(demo: None, tmp_path: Path) -> None:
    output = tmp_path / "4w.csv"
    call_command("export_hxl", "--what", "4w", "--output", str(output))
    dataset = hxl.data(str(output), hxl.InputOptions(allow_local=True))
    display_tags = [column.display_tag for column in dataset.columns]
    for tag in TAGS:
        assert tag in display_tags, tag
    rows = list(dataset)
    herat_wheat = [
        row for row in rows if row.get("#adm1+code") == "AF32" and row.get("#sector") == "31150"
    ]
    assert [row.get("#org+name") for row in herat_wheat] == [
        "Islamic Organization for Food Security"
    ]
    assert herat_wheat[0].get("#status") == "active"
    assert herat_wheat[0].get("#targeted") == "120"  # 300 farmers × 40 % of the sectors
    assert {row.get("#adm1+code") for row in rows} >= {"AF01", "AF05", "AF27", "AF32"}


def test_the_xlsx_export_carries_the_same_hashtag_row(demo: None, tmp_path: Path) -> None:
    output = tmp_path / "4w.xlsx"
    call_command("export_hxl", "--what", "4w", "--output", str(output))
    sheet = load_workbook(BytesIO(output.read_bytes())).active
    assert sheet is not None
    hashtags = [cell.value for cell in sheet[2]]
    for tag in TAGS:
        assert tag in hashtags
    dataset = hxl.data(str(output), hxl.InputOptions(allow_local=True))
    assert "#adm1+code" in [column.display_tag for column in dataset.columns]


def test_the_4w_file_is_in_english_from_an_arabic_or_french_page(demo: None) -> None:
    admin = User.objects.get(email="admin@sunbula.example")
    english = client_for(admin).get("/en/reports/4w.csv").content
    assert b"Multilateral" in english and b"Emergency food assistance" in english
    for language in ("ar", "fr", "ru"):
        # One language in every column: the types and sectors as the names and titles are.
        assert client_for(admin).get(f"/{language}/reports/4w.csv").content == english, language

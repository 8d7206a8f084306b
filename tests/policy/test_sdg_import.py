"""Importing SDG 2 values from a UN SDG Global Database CSV: bad rows named, nothing half-written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.errors import ImportRejected
from sunbula.policy.models import IndicatorValue
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

HEADER = (
    "Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,"
    "Value,Time_Detail,Source,FootNote,[Sex],[Location],[Units]\n"
)
GOOD = (
    HEADER
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,4,Afghanistan,2022,30.2,2021-2023,FAO,,,,PERCENT\n"
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,398,Kazakhstan,2022,<2.5,2021-2023,FAO,,,,PERCENT\n"
    + "2,2.2,2.2.1,SH_STA_STNT,Stunting,4,Afghanistan,2022,38.2,2022,UNICEF,,BOTHSEX,ALLAREA,PERCENT\n"
    + "2,2.2,2.2.1,SH_STA_STNT,Stunting,4,Afghanistan,2022,40.1,2022,UNICEF,,MALE,ALLAREA,PERCENT\n"
).encode()
BAD = (
    HEADER
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,4,Afghanistan,2022,30.2,,FAO,,,,PERCENT\n"
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,1,World,2022,9.1,,FAO,,,,PERCENT\n"
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,4,Afghanistan,22/23,30.2,,FAO,,,,PERCENT\n"
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,398,Kazakhstan,2021,NaN,,FAO,,,,PERCENT\n"
    + "2,2.1,2.1.1,SN_ITK_DEFC,Prevalence of undernourishment,4,Afghanistan,2022,31.0,,FAO,,,,PERCENT\n"
).encode()


def _import(world: World, actor: User, content: bytes) -> services.IndicatorImport:
    return services.indicator_values_import(
        actor=actor,
        content=content,
        retrieved_on=datetime.date(2025, 6, 1),
        countries=[world.afghanistan, world.kazakhstan],
    )


def test_national_rows_are_imported_with_source_and_date(world: World, analyst: User) -> None:
    result = _import(world, analyst, GOOD)
    assert (result.rows, result.left_aside) == (3, 1)
    kazakhstan = IndicatorValue.objects.get(country=world.kazakhstan)
    assert (kazakhstan.qualifier, kazakhstan.value) == ("<", Decimal("2.5"))
    stunting = IndicatorValue.objects.get(series_code="SH_STA_STNT")
    assert stunting.value == Decimal("38.2")
    assert stunting.retrieved_on == datetime.date(2025, 6, 1)
    assert stunting.source == "UN SDG Global Database: UNICEF"


def test_every_bad_row_is_named_and_nothing_is_written(world: World, analyst: User) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, analyst, BAD)
    assert [(error.line, error.message) for error in rejected.value.errors] == [
        (3, "Area “1” is not a country you may import for."),
        (4, "“22/23” is not a year."),
        (5, "“NaN” is not a number."),
        (6, "This series, country and year already appear on line 2."),
    ]
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_country_outside_the_importers_scope_is_a_bad_row(world: World, analyst: User) -> None:
    with pytest.raises(ImportRejected) as rejected:
        services.indicator_values_import(
            actor=analyst,
            content=GOOD,
            retrieved_on=datetime.date(2025, 6, 1),
            countries=[world.afghanistan],
        )
    assert [error.line for error in rejected.value.errors] == [3]
    assert not IndicatorValue.objects.exists()


def test_importing_again_changes_nothing(world: World, analyst: User) -> None:
    _import(world, analyst, GOOD)
    before = AuditEntry.objects.count()
    _import(world, analyst, GOOD)
    assert IndicatorValue.objects.count() == 3
    assert AuditEntry.objects.count() == before


def test_the_page_lists_bad_rows_by_line(world: World, analyst: User) -> None:
    response = client_for(analyst).post(
        "/en/policy/indicators/import/",
        {
            "file": SimpleUploadedFile("sdg.csv", BAD, content_type="text/csv"),
            "retrieved_on": "2025-06-01",
            "source": "UN SDG Global Database",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<td>4</td><td>“22/23” is not a year.</td>" in page
    assert not IndicatorValue.objects.exists()


def test_the_api_answers_422_with_every_bad_row(world: World, analyst: User) -> None:
    response = client_for(analyst).post(
        "/api/v1/indicator-values/import_file/",
        {"file": SimpleUploadedFile("sdg.csv", BAD), "retrieved_on": "2025-06-01"},
    )
    assert response.status_code == 422
    assert [row["line"] for row in response.json()["rows"]] == [3, 4, 5, 6]
    assert not IndicatorValue.objects.exists()


def test_a_reader_may_not_import_through_the_api(world: World, officer_afg: User) -> None:
    response = client_for(officer_afg).post(
        "/api/v1/indicator-values/import_file/",
        {"file": SimpleUploadedFile("sdg.csv", GOOD), "retrieved_on": "2025-06-01"},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_negative_share_or_count_is_a_bad_row(world: World, analyst: User) -> None:
    content = (
        b"SeriesCode,GeoAreaCode,TimePeriod,Value,Units\n"
        b"SN_STA_OVWGT,398,2020,-5,\n"  # a prevalence, known by its code
        b"SN_ITK_DEFCN,4,2020,-1,NUMBER\n"  # a count
        b"XX_SOME_SHARE,4,2020,-0.5,PERCENT\n"  # a share, by its units
        b"AG_FPA_CFPI,4,2020,-0.42,INDEX\n"  # food price anomalies fall below zero
    )
    with pytest.raises(ImportRejected) as rejected:
        _import(world, analyst, content)
    assert [(error.line, error.message) for error in rejected.value.errors] == [
        (2, "SN_STA_OVWGT is a share or a count: it cannot be negative."),
        (3, "SN_ITK_DEFCN is a share or a count: it cannot be negative."),
        (4, "XX_SOME_SHARE is a share or a count: it cannot be negative."),
    ]
    assert not IndicatorValue.objects.exists()
    _import(world, analyst, b"SeriesCode,GeoAreaCode,TimePeriod,Value\nAG_FPA_CFPI,4,2020,-0.42\n")
    assert IndicatorValue.objects.get().value == Decimal("-0.42")


def test_the_page_counts_what_it_imported_in_the_plural_it_needs(
    world: World, analyst: User
) -> None:
    content = b"SeriesCode,GeoAreaCode,TimePeriod,Value\nSN_ITK_DEFC,4,2022,30.1\n"
    response = client_for(analyst).post(
        "/en/policy/indicators/import/",
        {
            "file": SimpleUploadedFile("sdg.csv", content, content_type="text/csv"),
            "retrieved_on": "2025-06-01",
            "source": "UN SDG Global Database",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 value imported. 0 rows broken down by sex or area left aside." in page


def test_the_download_writes_each_value_as_imported(world: World, analyst: User) -> None:
    content = (
        b"SeriesCode,GeoAreaCode,TimePeriod,Value\n"
        b"SN_ITK_DEFC,4,2022,30.1\nSH_STA_STNT,4,2022,100\nAG_PRD_FIESMS,4,2022,<2.5\n"
    )
    _import(world, analyst, content)
    download = client_for(analyst).get("/en/policy/indicators/?format=csv")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    values = [line.split(",")[4] for line in text.splitlines()[1:]]
    assert sorted(values) == ["100", "2.5", "30.1"]

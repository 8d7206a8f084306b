"""`sunbula export_iati` on the demo: valid against the official 2.03 XSD and the IATI rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from sunbula.reports.iati import iati_rule_problems

pytestmark = pytest.mark.django_db


def test_the_demo_export_is_valid_and_passes_the_rules(
    demo: None, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    output = tmp_path / "activities.xml"
    call_command("export_iati", "--output", str(output))
    document = etree.parse(str(output))
    valid = schema.validate(document)
    assert valid, [str(error) for error in schema.error_log]
    assert iati_rule_problems(document.getroot()) == []
    identifiers = document.xpath("//iati-activity/iati-identifier/text()")
    assert "XI-IATI-IOFS-AFSP-FFH-2023" in identifiers
    assert len(identifiers) == 8


def test_one_project_carries_its_languages_places_sectors_and_result(
    demo: None, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    output = tmp_path / "flour.xml"
    call_command("export_iati", "--output", str(output), "--project", "AFSP-FFH-2023")
    document = etree.parse(str(output))
    assert schema.validate(document), schema.error_log
    activity = document.getroot()[0]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    titles = {n.get(lang, "en"): n.text for n in activity.find("title")}
    assert titles["en"] == "Flour for Humanity"
    assert set(titles) == {"en", "ar", "fr", "ru"}
    assert sorted(activity.xpath("location/@ref")) == ["AF01", "AF27", "AF32"]
    assert activity.xpath("sector/@code") == ["72040", "16063"]
    assert activity.xpath("recipient-country/@code") == ["AF"]
    assert activity.xpath("result/indicator/period/target/@value") == ["68"]
    assert activity.xpath("result/indicator/period/actual/@value") == ["68"]
    roles = activity.xpath("participating-org/@role")
    assert {"1", "2", "4"} <= set(roles)


def test_the_rule_checks_catch_what_the_schema_lets_through() -> None:
    bad = etree.fromstring(
        b"""<iati-activities version="2.03"><iati-activity>
        <iati-identifier>XI-IATI-IOFS-A/B</iati-identifier>
        <reporting-org ref="XI-IATI-IOFS" type="40"><narrative>IOFS</narrative></reporting-org>
        <activity-date type="1" iso-date="2024-05-01"/>
        <activity-date type="3" iso-date="2024-01-01"/>
        <sector vocabulary="1" code="72040" percentage="70"/>
        <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
        <value value-date="2024-01-01">10</value></budget>
        </iati-activity></iati-activities>"""
    )
    problems = iati_rule_problems(bad)
    assert any("/ & | ?" in problem for problem in problems)
    assert any("sums to 70" in problem for problem in problems)
    assert any("type 3 is before type 1" in problem for problem in problems)
    assert any("no currency" in problem for problem in problems)


def test_an_unknown_project_code_is_refused(demo: None, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="NOPE"):
        call_command("export_iati", "--output", str(tmp_path / "x.xml"), "--project", "NOPE")
    assert not (tmp_path / "x.xml").exists()


def test_funding_transactions_join_the_activity_and_it_stays_valid(
    demo: None, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    output = tmp_path / "flour.xml"
    call_command("export_iati", "--output", str(output), "--project", "AFSP-FFH-2023")
    document = etree.parse(str(output))
    assert schema.validate(document), schema.error_log
    assert iati_rule_problems(document.getroot()) == []
    activity = document.getroot()[0]
    types = activity.xpath("transaction/transaction-type/@code")
    assert "13" in types  # the in-kind flour pledges
    providers = set(activity.xpath("transaction/provider-org/narrative/text()"))
    assert "Government of the Republic of Kazakhstan" in providers
    assert all(value.get("currency") for value in activity.xpath("transaction/value"))

"""From reference data only: the policy analyst builds two member states' profiles through the
pages and the API, imports their SDG 2 values (a file with a bad line refused whole, then a
good spreadsheet), scores them against a framework, has them validated by each country's focal
point and published, and reads the comparative report in Arabic, French and Russian, on the
page and as PDF; then reads the IPC analysis an M&E officer imported."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from babel.messages.pofile import read_po
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sunbula.core.figures import date_text
from sunbula.core.models import AuditEntry, Country, Role, User
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from sunbula.policy.models import (
    CoordinatingBody,
    CriterionScore,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ReportSnapshot,
    Strategy,
)
from tests.conftest import AfterSetup, client_for, make_persona

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
POLICY_LOCALE = Path(__file__).resolve().parents[2] / "src/sunbula/policy/locale"
JSON = "application/json"

SDG_HEADER = [
    "Goal",
    "Target",
    "Indicator",
    "SeriesCode",
    "GeoAreaCode",
    "GeoAreaName",
    "TimePeriod",
    "Value",
    "Source",
    "[Sex]",
    "[Location]",
    "[Units]",
]
SDG_ROWS = [
    ["2", "2.1", "2.1.1", "SN_ITK_DEFC", 4, "Afghanistan", 2022, 30.2, "FAO", "", "", "PERCENT"],
    ["2", "2.1", "2.1.1", "SN_ITK_DEFC", 398, "Kazakhstan", 2022, "<2.5", "FAO", "", "", "PERCENT"],
    ["2", "2.2", "2.2.1", "SH_STA_STNT", 4, "Afghanistan", 2022, 38.2, "UNICEF", "", "", "PERCENT"],
    [
        "2",
        "2.2",
        "2.2.1",
        "SH_STA_STNT",
        4,
        "Afghanistan",
        2022,
        40.1,
        "UNICEF",
        "MALE",
        "",
        "PERCENT",
    ],
    ["2", "2.2", "2.2.2", "SH_STA_WAST", 398, "Kazakhstan", 2021, 3.1, "UNICEF", "", "", "PERCENT"],
]
IPC_FILE = (
    "Province,Start,End,P1,P2,P3,P4,P5,P3+\n"
    "#adm1+code,#date+start,#date+end,#affected+food+ipc+p1+num,#affected+food+ipc+p2+num,"
    "#affected+food+ipc+p3+num,#affected+food+ipc+p4+num,#affected+food+ipc+p5+num,"
    "#affected+food+ipc+p3plus+num\n"
    "AF01,2024-11-01,2025-03-31,1000000,2000000,1500000,500000,0,2000000\n"
    "AF02,2024-11-01,2025-03-31,200000,150000,100000,50000,0,150000\n"
)


def _sdg_csv(rows: list[list[Any]]) -> bytes:
    lines = [",".join(SDG_HEADER)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _sdg_xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(SDG_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Office:
    analyst: User
    focal_afg: User
    focal_kaz: User
    me_officer: User
    afghanistan: Country
    kazakhstan: Country


@pytest.fixture
def office(after_setup: AfterSetup) -> Office:
    """What `sunbula setup` leaves, and the people an administrator would invite."""
    home, afghanistan, kazakhstan = (
        after_setup.home,
        after_setup.afghanistan,
        after_setup.kazakhstan,
    )
    return Office(
        analyst=make_persona("analyst@example.org", Role.POLICY_ANALYST, home, []),
        focal_afg=make_persona(
            "focal.afg@example.org", Role.COUNTRY_FOCAL_POINT, home, [afghanistan]
        ),
        focal_kaz=make_persona(
            "focal.kaz@example.org", Role.COUNTRY_FOCAL_POINT, home, [kazakhstan]
        ),
        me_officer=make_persona("me@example.org", Role.ME_OFFICER, home, [afghanistan]),
        afghanistan=afghanistan,
        kazakhstan=kazakhstan,
    )


def _posted(client: Client, url: str, data: dict[str, Any]) -> Any:
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def _api(client: Client, url: str, data: dict[str, Any] | None = None, status: int = 201) -> Any:
    response = client.post(url, data or {}, content_type=JSON)
    assert response.status_code == status, response.content.decode()
    return response.json()


def _text(html: str) -> str:
    """What a reader sees of a page: its text, tags and spaces folded."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _untranslated(english: str, translated: str, language: str) -> list[str]:
    """The policy catalogue's English strings the English page shows that the page in
    `language` still shows in English."""
    with (POLICY_LOCALE / language / "LC_MESSAGES/django.po").open("rb") as po:
        catalogue = read_po(po)
    english, translated = _text(english), _text(translated)
    left = []
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or "%" in message.id:
            continue
        if message.string == message.id or len(message.id) < 4:
            continue
        shown = re.compile(rf"(?<!\w){re.escape(message.id)}(?!\w)")
        if shown.search(english) and shown.search(translated):
            left.append(message.id)
    return left


def _build_profiles(office: Office) -> tuple[PolicyProfile, PolicyProfile]:
    analyst = client_for(office.analyst)

    # Afghanistan on the pages.
    _posted(analyst, "/en/policy/new/", {"country": "AFG"})
    afghan = PolicyProfile.objects.get(country=office.afghanistan)
    _posted(
        analyst,
        f"/en/policy/{afghan.pk}/add/strategy/",
        {
            "name": "National food security and nutrition strategy",
            "name_ar": "الاستراتيجية الوطنية للأمن الغذائي والتغذية",
            "name_fr": "Stratégie nationale de sécurité alimentaire et de nutrition",
            "name_ru": "Национальная стратегия продовольственной безопасности и питания",
            "start_year": 2021,
            "end_year": 2030,
            "status": "adopted",
            "adopting_body": "Council of Ministers",
        },
    )
    _posted(
        analyst,
        f"/en/policy/{afghan.pk}/add/legal-instrument/",
        {
            "name": "Food safety law",
            "name_ar": "قانون سلامة الأغذية",
            "kind": "legislation",
            "date_of_text": "2019-05-12",
        },
    )
    _posted(
        analyst,
        f"/en/policy/{afghan.pk}/add/coordinating-body/",
        {
            "name": "High council for food security",
            "chair": "Second vice-president",
            "has_civil_society_seat": "on",
            "meeting_frequency": "quarterly",
        },
    )
    _posted(
        analyst,
        f"/en/policy/{afghan.pk}/add/decision/",
        {"name": "Wheat seed subsidy", "group": "producer", "decided_on": "2024-03-01"},
    )

    # Kazakhstan through the API.
    kazakh = _api(analyst, "/api/v1/policy-profiles/", {"country": "KAZ"})
    assert kazakh["status"] == "draft"
    base = f"/api/v1/policy-profiles/{kazakh['id']}"
    _api(
        analyst,
        f"{base}/strategies/",
        {
            "name": "State programme for the agro-industrial complex",
            "name_translations": {"ru": "Госпрограмма развития АПК"},
            "start_year": 2017,
            "end_year": 2021,
            "status": "expired",
        },
    )
    _api(
        analyst,
        f"{base}/legal-instruments/",
        {"name": "Law on grain", "kind": "legislation", "date_of_text": "2001-01-19"},
    )
    _api(
        analyst,
        f"{base}/coordinating-bodies/",
        {"name": "Interministerial food security commission", "meeting_frequency": "yearly"},
    )
    _api(
        analyst,
        f"{base}/decisions/",
        {"name": "Export ban on wheat", "group": "trade_macro", "decided_on": "2022-04-15"},
    )
    _api(
        analyst,
        f"{base}/decisions/",
        {"name": "Bread price cap", "group": "consumer", "decided_on": "2022-11-01"},
    )
    # A record the API refuses names its field; nothing is written.
    refused = analyst.post(
        f"{base}/strategies/",
        {"name": "Backwards", "start_year": 2030, "end_year": 2020, "status": "adopted"},
        content_type=JSON,
    )
    assert refused.status_code == 400, refused.content.decode()
    assert "end_year" in refused.json()
    assert not Strategy.objects.filter(name="Backwards").exists()
    assert analyst.post(f"{base}/strategies/", "{", content_type=JSON).status_code == 400
    assert analyst.post("/api/v1/policy-profiles/abc/strategies/", {}).status_code == 404
    twice = analyst.post("/api/v1/policy-profiles/", {"country": "KAZ"}, content_type=JSON)
    assert twice.status_code in (400, 409), twice.content.decode()
    assert PolicyProfile.objects.filter(country=office.kazakhstan).count() == 1

    read = analyst.get(f"{base}/").json()
    assert [decision["name"] for decision in read["decisions"]] == [
        "Bread price cap",
        "Export ban on wheat",
    ]
    assert read["strategies"][0]["name_translations"] == {"ru": "Госпрограмма развития АПК"}

    kazakh_profile = PolicyProfile.objects.get(pk=kazakh["id"])
    return afghan, kazakh_profile


def _import_values(office: Office) -> None:
    analyst = client_for(office.analyst)
    bad = [
        *SDG_ROWS[:1],
        ["2", "2.1", "2.1.1", "SN_ITK_DEFC", 4, "Afghanistan", "22/23", 31, "FAO", "", "", ""],
    ]
    refused = analyst.post(
        "/en/policy/indicators/import/",
        {
            "file": SimpleUploadedFile("sdg.csv", _sdg_csv(bad), "text/csv"),
            "retrieved_on": "2025-06-01",
            "source": "UN SDG Global Database",
        },
    )
    assert refused.status_code == 422
    assert "“22/23” is not a year." in refused.content.decode()
    assert not IndicatorValue.objects.exists()

    imported = analyst.post(
        "/en/policy/indicators/import/",
        {
            "file": SimpleUploadedFile(
                "sdg.xlsx",
                _sdg_xlsx(SDG_ROWS),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            "retrieved_on": "2025-06-01",
            "source": "UN SDG Global Database",
        },
        follow=True,
    )
    assert imported.status_code == 200, imported.content.decode()[:3000]
    assert (
        "4 values imported. 1 row broken down by sex or area left aside."
        in imported.content.decode()
    )
    assert IndicatorValue.objects.count() == 4
    kazakh = IndicatorValue.objects.get(country=office.kazakhstan, series_code="SN_ITK_DEFC")
    assert (kazakh.qualifier, kazakh.value_text) == ("<", "2.5")


def _score(office: Office) -> None:
    analyst = client_for(office.analyst)
    framework = _api(
        analyst,
        "/api/v1/assessment-frameworks/",
        {
            "code": "comcec-2020",
            "name": "COMCEC 2020 recommendations",
            "name_translations": {
                "ar": "توصيات الكومسيك 2020",
                "fr": "Recommandations du COMCEC 2020",
                "ru": "Рекомендации КОМСЕК 2020",
            },
            "criteria": [
                {"code": "R1", "name": "A strategy in force"},
                {"code": "R2", "name": "A coordinating body with civil society"},
            ],
        },
    )
    criteria = {
        row.code: row.pk
        for row in CriterionScore._meta.get_field("criterion").related_model.objects.all()
    }  # type: ignore[union-attr]
    url = f"/en/policy/frameworks/{framework['id']}/"
    for country, code, score in (("AFG", "R1", 3), ("AFG", "R2", 2), ("KAZ", "R1", 1)):
        _posted(
            analyst,
            url,
            {
                "criterion": criteria[code],
                "country": country,
                "year": 2024,
                "score": score,
                "evidence": "Profile review",
            },
        )
    # A score out of range or for no country comes back on its field.
    refused = analyst.post(
        url, {"criterion": criteria["R2"], "country": "", "year": "x", "score": 7}
    )
    assert refused.status_code == 422
    assert CriterionScore.objects.count() == 3


def _validate_and_publish(office: Office, afghan: PolicyProfile, kazakh: PolicyProfile) -> None:
    analyst = client_for(office.analyst)
    _posted(analyst, f"/en/policy/{afghan.pk}/submit/", {})
    _api(analyst, f"/api/v1/policy-profiles/{kazakh.pk}/submit/", status=200)
    # Kazakhstan's focal point cannot validate Afghanistan's profile.
    wrong = client_for(office.focal_kaz).post(
        f"/api/v1/policy-profiles/{afghan.pk}/validate/", content_type=JSON
    )
    assert wrong.status_code == 404  # not theirs to see: as if it did not exist
    _posted(client_for(office.focal_afg), f"/en/policy/{afghan.pk}/validate/", {})
    _api(client_for(office.focal_kaz), f"/api/v1/policy-profiles/{kazakh.pk}/validate/", status=200)
    _posted(analyst, f"/en/policy/{afghan.pk}/publish/", {})
    _api(analyst, f"/api/v1/policy-profiles/{kazakh.pk}/publish/", status=200)
    statuses = set(PolicyProfile.objects.values_list("status", flat=True))
    assert statuses == {"published"}


def test_the_analyst_builds_two_profiles_and_compares_them(office: Office, tmp_path: Path) -> None:
    afghan, kazakh = _build_profiles(office)
    assert Strategy.objects.count() == LegalInstrument.objects.count() == 2
    assert CoordinatingBody.objects.count() == 2 and PolicyDecision.objects.count() == 3
    _import_values(office)
    _score(office)
    _validate_and_publish(office, afghan, kazakh)
    audited = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "policy.policyprofile.created",
        "policy.strategy.created",
        "policy.policydecision.created",
        "policy.policyprofile.published",
    } <= audited

    analyst = client_for(office.analyst)
    today = timezone.localdate()
    _posted(analyst, "/en/policy/reports/", {"taken_on": today.isoformat()})
    snapshot = ReportSnapshot.objects.get()
    countries = [country["iso3"] for country in snapshot.content["countries"]]
    assert countries == ["AFG", "KAZ"]

    # The figures add up: Afghanistan scored 3 + 2 of 6, Kazakhstan 1 of 6.
    english = analyst.get(f"/en/policy/reports/{snapshot.pk}/").content.decode()
    matrix = _text(english[english.index("Cross-country matrix") : english.index("</table>")])
    assert "5 / 6" in matrix and "1 / 6" in matrix
    # Decisions counted per country, and each decision shown with its date.
    assert re.search(r"Afghanistan yes yes 1 ", matrix), matrix
    assert re.search(r"Kazakhstan no yes 2 ", matrix), matrix
    assert "Mar 1, 2024" in _text(english) or "1 Mar 2024" in _text(english)
    assert "Apr 15, 2022" in _text(english) or "15 Apr 2022" in _text(english)

    french = analyst.get(f"/fr/policy/reports/{snapshot.pk}/").content.decode()
    shown = _text(french)
    assert "30,2" in shown and "30.2" not in shown  # a decimal comma for a French reader
    assert "1 mars 2024" in shown  # the decision's date, as a French reader writes it
    assert "12 mai 2019" in shown  # the law's date too
    assert _untranslated(english, french, "fr") == []

    russian = analyst.get(f"/ru/policy/reports/{snapshot.pk}/").content.decode()
    assert "30,2" in _text(russian)
    assert _untranslated(english, russian, "ru") == []

    arabic = analyst.get(f"/ar/policy/reports/{snapshot.pk}/").content.decode()
    assert 'dir="rtl"' in arabic
    assert "أفغانستان" in arabic and "كازاخستان" in arabic
    assert date_text(datetime.date(2024, 3, 1), lang="ar") in arabic
    assert _untranslated(english, arabic, "ar") == []

    pdf = analyst.get(f"/ar/policy/reports/{snapshot.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "report-ar.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(  # noqa: S603 (fixed poppler tool on our own file)
        [PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    plain = unicodedata.normalize("NFKC", text)
    for mark in ("\u202a", "\u202b", "\u202c"):
        plain = plain.replace(mark, "")
    # Shaped Arabic comes back as letters in reading order.
    assert "تحليل سياسات" in plain
    assert "أفغانستان" in plain and "كازاخستان" in plain
    assert "2024/03/01" in plain  # the decision's date, read off the right-to-left page

    french_pdf = analyst.get(f"/fr/policy/reports/{snapshot.pk}/pdf/")
    assert french_pdf.status_code == 200


def test_the_analyst_reads_an_ipc_analysis(office: Office) -> None:
    officer = client_for(office.me_officer)
    bad = IPC_FILE.replace("AF02,", "AF99,")
    refused = officer.post(
        "/en/monitoring/import/",
        {
            "country": "AFG",
            "name": "Afghanistan acute food insecurity",
            "classification": "ipc",
            "source": "IPC",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", bad.encode(), "text/csv"),
        },
    )
    assert refused.status_code == 422 and "AF99" in refused.content.decode()
    assert not SituationDataset.objects.exists()
    _posted(
        officer,
        "/en/monitoring/import/",
        {
            "country": "AFG",
            "name": "Afghanistan acute food insecurity",
            "name_ar": "انعدام الأمن الغذائي الحاد في أفغانستان",
            "classification": "ipc",
            "source": "IPC",
            "published_on": "2024-11-15",
            "period_type": "current",
            "file": SimpleUploadedFile("ipc.csv", IPC_FILE.encode(), "text/csv"),
        },
    )
    dataset = SituationDataset.objects.get()
    assert PhasePopulation.objects.filter(dataset=dataset).count() == 2

    analyst = client_for(office.analyst)
    assert analyst.get("/en/monitoring/import/").status_code == 403
    listed = _text(analyst.get("/en/monitoring/").content.decode())
    assert "Afghanistan acute food insecurity" in listed
    table = _text(analyst.get(f"/en/monitoring/{dataset.pk}/").content.decode())
    assert "Kabul" in table and "2,000,000" in table
    french = _text(analyst.get(f"/fr/monitoring/{dataset.pk}/").content.decode())
    assert "Kaboul" in french and "2 000 000" in french.replace("\u202f", " ").replace("\xa0", " ")
    shown = analyst.get(f"/ar/monitoring/{dataset.pk}/map/?measure=p3plus")
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "<svg" in page and "كابل" in page
    # A measure the map does not know falls back to the area phase, as the map says.
    assert analyst.get(f"/en/monitoring/{dataset.pk}/map/?measure=bogus").status_code == 200
    assert analyst.get("/en/monitoring/abc/").status_code == 404

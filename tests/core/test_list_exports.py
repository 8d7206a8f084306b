"""Every list page downloads as CSV and XLSX: its filtered, scoped rows, safe to open.

Each page below builds its own few records through the services: one Afghan record that the
filter keeps (named by the test, so that a formula or Arabic text can be put in its name),
Afghan records the filter drops, and Kazakh records that an Afghan reader never sees.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from sunbula.assistance import services as assistance_services
from sunbula.assistance.models import RationKind
from sunbula.core import exports
from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Role, User
from sunbula.funding import services as funding_services
from sunbula.learning import services as learning_services
from sunbula.monitoring import services as monitoring_services
from sunbula.partners import services as partner_services
from sunbula.policy import services as policy_services
from sunbula.policy.models import ReportSnapshot
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import Project
from sunbula.registry import services as registry_services
from sunbula.supply import services as supply_services
from sunbula.supply.services import CountedLine, LineInput
from tests.conftest import World, client_for, flour_upsert, make_persona
from tests.learning.conftest import make_event, register
from tests.monitoring.conftest import GOOD_HXL, HXL_HEADER
from tests.policy.conftest import draft_profile

pytestmark = pytest.mark.django_db

D = datetime.date
LABEL = "Alpha record"
FORMULA = "=cmd|' /C calc'!A0"
ARABIC = "دقيق القمح لمراكز العلاج"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Built:
    """What one page's records are, told by the value of the page's key column."""

    url: str
    filtered: set[str]
    query: dict[str, str] = field(default_factory=dict)
    afghan: set[str] = field(default_factory=set)
    kazakh: set[str] = field(default_factory=set)
    # A page about one Afghan record (a cycle, an event…): outside Afghanistan it is not found.
    afghan_record: bool = False


@dataclass(frozen=True)
class ListPage:
    name: str
    build: Callable[[World, str], Built]
    key: str
    label_column: str | None
    persona: str = "officer_afg"
    scoped: bool = True
    context: str = ""  # the label column's translation context, where it has one

    def __str__(self) -> str:
        return self.name


# Reading downloads back


@dataclass
class Download:
    headers: list[str]
    rows: list[dict[str, Any]]
    cells: list[dict[str, Cell]]


def read_csv(content: bytes) -> Download:
    assert content.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    headers = lines[0]
    return Download(headers, [dict(zip(headers, line, strict=True)) for line in lines[1:]], [])


def read_xlsx(content: bytes) -> Download:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    lines = list(sheet.iter_rows())
    headers = [str(cell.value) for cell in lines[0]]
    cells = [dict(zip(headers, line, strict=True)) for line in lines[1:]]
    rows = [{header: cell.value for header, cell in row.items()} for row in cells]
    return Download(headers, rows, cells)


def download(client: Client, url: str, file_format: str, **query: str) -> Download:
    response = client.get(url, {**query, "format": file_format})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == exports.CONTENT_TYPES[file_format]
    stem = re.escape(timezone.localdate().isoformat())
    assert re.search(
        rf'attachment; filename="sunbula-[a-z0-9-]+-{stem}\.{file_format}"',
        response["Content-Disposition"],
    ), response["Content-Disposition"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return read_csv(content) if file_format == "csv" else read_xlsx(content)


def keys(download: Download, column: str) -> list[str]:
    return [str(row[column]) for row in download.rows]


# The pages and their records


def _usd() -> Any:
    return core_services.currency_upsert(actor=None, code="USD", name="US dollar")


def _projects(world: World, title: str = "Flour for Humanity") -> tuple[Project, Project]:
    programme = programme_services.programme_create(
        actor=None,
        code="AFSP",
        name="Afghanistan Food Security Programme",
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    made = [
        programme_services.project_create(
            actor=None,
            code=code,
            title=project_title,
            description=project_title,
            programme=programme,
            recipient_country=country,
            status=status,
            planned_start=D(2023, 1, 1),
            planned_end=D(2023, 12, 31),
            currency=_usd(),
        )
        for code, project_title, country, status in (
            ("FFH-2023", title, world.afghanistan, "2"),
            ("KAZ-TRANSIT", "Almaty transit stock", world.kazakhstan, "2"),
        )
    ]
    return made[0], made[1]


def organisations(world: World, label: str) -> Built:
    core_services.organisation_create(actor=None, name=label, kind="ngo", iati_type="22")
    core_services.organisation_create(
        actor=None, name="Herat farmers' association", kind="association", iati_type="22"
    )
    return Built(reverse("core:organisation_list"), {label}, {"kind": "ngo"})


def member_states(world: World, label: str) -> Built:
    country = core_services.country_upsert(
        actor=None, iso2="XA", iso3="XAA", name=label, name_translations={}
    )
    core_services.member_state_upsert(actor=None, country=country, iofs_membership="not_member")
    return Built(reverse("core:member_state_list"), {label}, {"iofs": "not_member"})


def sites(world: World, label: str) -> Built:
    core_services.site_create(
        actor=None,
        name=label,
        kind="distribution_point",
        country=world.afghanistan,
        admin_area=world.kabul,
    )
    return Built(
        reverse("core:site_list"),
        {label},
        {"kind": "distribution_point"},
        afghan={label, "Kabul warehouse"},
        kazakh={"Almaty transit warehouse"},
    )


def audit(world: World, label: str) -> Built:
    core_services.organisation_create(actor=None, name=label, kind="ngo", iati_type="22")
    expected = set(
        AuditEntry.objects.filter(action__startswith="core.organisation.").values_list(
            "object_repr", flat=True
        )
    )
    assert label in expected and len(expected) >= 3
    return Built(reverse("core:audit_list"), expected, {"action": "core.organisation."})


def partners(world: World, label: str) -> Built:
    for name, role in ((label, "donor"), ("Technical partner for seeds", "technical")):
        organisation = core_services.organisation_create(
            actor=None, name=name, kind="ngo", iati_type="22"
        )
        partner_services.partner_create(
            actor=None,  # type: ignore[arg-type]
            organisation=organisation,
            roles=[role],
            sectors=["nutrition"],
            countries=[world.afghanistan],
        )
    return Built(reverse("partners:partner_list"), {label}, {"role": "donor"})


def agreements(world: World, label: str) -> Built:
    for title, kind, country in (
        (label, "cooperation", world.afghanistan),
        ("Memorandum with the ministry", "mou", world.afghanistan),
        ("IOFS–IOM agreement", "cooperation", world.kazakhstan),
    ):
        partner_services.agreement_create(
            actor=None,  # type: ignore[arg-type]
            kind=kind,
            title=title,
            country=country,
        )
    return Built(
        reverse("partners:agreement_list"),
        {label},
        {"kind": "cooperation"},
        afghan={label, "Memorandum with the ministry"},
        kazakh={"IOFS–IOM agreement"},
    )


def engagements(world: World, label: str) -> Built:
    for title, kind, country in (
        (label, "meeting", world.afghanistan),
        ("Call with the ministry", "call", world.afghanistan),
        ("IOFS–IOM meeting", "meeting", world.kazakhstan),
    ):
        partner_services.engagement_create(
            actor=None,  # type: ignore[arg-type]
            kind=kind,
            title=title,
            held_on=D(2024, 10, 22),
            place="Astana",
            country=country,
            organisations=[world.iofs],
        )
    return Built(
        reverse("partners:engagement_list"),
        {label},
        {"kind": "meeting"},
        afghan={label, "Call with the ministry"},
        kazakh={"IOFS–IOM meeting"},
    )


def projects(world: World, label: str) -> Built:
    flour, _almaty = _projects(world, title=label)
    programme_services.project_create(
        actor=None,
        code="AF-PIPELINE",
        title="Seeds in the pipeline",
        description="Not started.",
        programme=flour.programme,
        recipient_country=world.afghanistan,
        status="1",
        planned_start=D(2024, 1, 1),
        planned_end=D(2024, 12, 31),
        currency=_usd(),
    )
    return Built(
        reverse("programmes:project_list"),
        {label},
        {"status": "2"},
        afghan={label, "Seeds in the pipeline"},
        kazakh={"Almaty transit stock"},
    )


def conferences(world: World, label: str) -> Built:
    for title, country in ((label, world.afghanistan), ("Astana round table", world.kazakhstan)):
        funding_services.conference_create(
            actor=None,
            title=title,
            country=country,
            starts_on=D(2024, 3, 1),
            ends_on=D(2024, 3, 2),
            modality="hybrid",
            co_hosts=[world.iofs],
        )
    return Built(
        reverse("funding:conference_list"), {label}, afghan={label}, kazakh={"Astana round table"}
    )


def pledges(world: World, label: str) -> Built:
    for reference, donor, country in (
        (label, world.kazakhstan_government, world.afghanistan),
        ("IOFS-AFG-2024", world.iofs, world.afghanistan),
        ("IOFS-KAZ-2024", world.iofs, world.kazakhstan),
    ):
        funding_services.pledge_record(
            actor=None,
            reference=reference,
            donor=donor,
            pledged_on=D(2024, 3, 1),
            currency=_usd(),
            amount=Decimal("250000.50"),
            country=country,
            budget_year=2024,
        )
    return Built(
        reverse("funding:pledge_list"),
        {label},
        {"q": "Kazakhstan"},
        afghan={label, "IOFS-AFG-2024"},
        kazakh={"IOFS-KAZ-2024"},
    )


@dataclass
class Stores:
    flour: Any
    centre: Any
    astana: Any


def _stores(world: World) -> Stores:
    flour = flour_upsert()
    centre = core_services.site_create(
        actor=None,
        name="Herat drug-treatment centre",
        kind="treatment_centre",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    astana = core_services.site_create(
        actor=None, name="Astana depot", kind="warehouse", country=world.kazakhstan
    )
    for site in (world.kabul_warehouse, world.almaty_warehouse, centre, astana):
        supply_services.stock_site_register(actor=None, site=site, capacity=Decimal(100000))
    return Stores(flour, centre, astana)


def _lot(site: Any, flour: Any, reference: str, expires_on: datetime.date | None = None) -> Any:
    return supply_services.lot_receive(
        actor=None,
        site=site,
        commodity=flour,
        quantity=Decimal(1000),
        received_on=D(2024, 5, 20),
        reference=f"GRN-{reference}",
        lot_reference=reference,
        expires_on=expires_on,
    )


def balances(world: World, label: str) -> Built:
    stores = _stores(world)
    _lot(world.kabul_warehouse, stores.flour, label)
    _lot(stores.centre, stores.flour, "LOT-HRT-1")
    _lot(world.almaty_warehouse, stores.flour, "LOT-ALA-1")
    return Built(
        reverse("supply:balance_list"),
        {label},
        {"site": str(world.kabul_warehouse.pk)},
        afghan={label, "LOT-HRT-1"},
        kazakh={"LOT-ALA-1"},
    )


def expiry_alerts(world: World, label: str) -> Built:
    stores = _stores(world)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    _lot(world.kabul_warehouse, stores.flour, label, expires_on=soon)
    _lot(stores.centre, stores.flour, "LOT-LATER", expires_on=soon + datetime.timedelta(days=300))
    _lot(world.almaty_warehouse, stores.flour, "LOT-ALA-1", expires_on=soon)
    return Built(reverse("supply:expiry_alerts"), {label}, afghan={label}, kazakh={"LOT-ALA-1"})


def waybills(world: World, label: str) -> Built:
    stores = _stores(world)
    kabul_lot = _lot(world.kabul_warehouse, stores.flour, "LOT-KBL-1")
    almaty_lot = _lot(world.almaty_warehouse, stores.flour, "LOT-ALA-1")
    for number, origin, destination, lot in (
        (label, world.kabul_warehouse, stores.centre, kabul_lot),
        ("WB-ALA-1", world.almaty_warehouse, stores.astana, almaty_lot),
    ):
        supply_services.waybill_create(
            actor=None,
            origin=origin,
            destination=destination,
            lines=[LineInput(lot=lot, quantity=Decimal(100), packages=2)],
            number=number,
        )
    return Built(reverse("supply:waybill_list"), {label}, afghan={label}, kazakh={"WB-ALA-1"})


def contributions(world: World, label: str) -> Built:
    for reference, country in ((label, world.afghanistan), ("FFH-KAZ", world.kazakhstan)):
        pledge = funding_services.pledge_record(
            actor=None,
            reference=reference,
            donor=world.kazakhstan_government,
            pledged_on=D(2023, 2, 1),
            currency=_usd(),
            amount=Decimal(13500),
            country=country,
            budget_year=2023,
            contribution_type="in_kind",
            commodity="Wheat flour",
            quantity=Decimal(30),
            unit="t",
        )
        commitment = funding_services.commitment_record(
            actor=None, pledge=pledge, committed_on=D(2023, 3, 1), amount=pledge.amount
        )
        funding_services.payment_record(
            actor=None,
            commitment=commitment,
            paid_on=D(2023, 5, 15),
            amount=pledge.amount,
            currency=_usd(),
            quantity=Decimal(30),
        )
    return Built(reverse("supply:contribution_list"), {label}, afghan={label}, kazakh={"FFH-KAZ"})


def stock_counts(world: World, label: str) -> Built:
    stores = _stores(world)
    counter = make_persona("counter@example.org", Role.LOGISTICS_OFFICER, world.iofs, [])
    for site, reason in ((world.kabul_warehouse, label), (world.almaty_warehouse, "Year end")):
        lot = _lot(site, stores.flour, f"LOT-{site.pk}")
        supply_services.stock_count_record(
            actor=counter,
            site=site,
            counted_on=D(2024, 6, 30),
            reason=reason,
            lines=[CountedLine(lot=lot, counted_quantity=Decimal(990))],
        )
    return Built(reverse("supply:stock_count_list"), {label}, afghan={label}, kazakh={"Year end"})


def cycles(world: World, label: str) -> Built:
    flour, almaty = _projects(world)
    for project, country, name in (
        (flour, world.afghanistan, label),
        (almaty, world.kazakhstan, "Almaty institutions, June 2023"),
    ):
        assistance_services.cycle_create(
            actor=None,
            project=project,
            country=country,
            name=name,
            period_start=D(2023, 6, 1),
            period_end=D(2023, 6, 30),
            ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
        )
    return Built(
        reverse("assistance:cycle_list"),
        {label},
        afghan={label},
        kazakh={"Almaty institutions, June 2023"},
    )


def beneficiaries(world: World, label: str) -> Built:
    flour, _almaty = _projects(world)
    cycle = assistance_services.cycle_create(
        actor=None,
        project=flour,
        country=world.afghanistan,
        name="Herat households, June 2023",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    for reference in (label, "HH-2"):
        household = registry_services.household_create(
            actor=None, country=world.afghanistan, reference=reference, admin_area=world.hirat
        )
        registry_services.person_register(
            actor=None,
            country=world.afghanistan,
            given_name="Fatima",
            sex="F",
            birth_date="1985",
            household=household,
        )
        assistance_services.beneficiary_add(actor=None, cycle=cycle, household=household)
    return Built(
        reverse("assistance:cycle_detail", args=[cycle.pk]),
        {label, "HH-2"},
        afghan={label},
        afghan_record=True,
    )


def events(world: World, label: str) -> Built:
    for title, country in (
        (label, world.afghanistan),
        ("Seed systems training", world.afghanistan),
        ("Astana forum", world.kazakhstan),
    ):
        make_event(title=title, title_translations={}, country=country)
    return Built(
        reverse("learning:event_list"),
        {label},
        {"q": label},
        afghan={label, "Seed systems training"},
        kazakh={"Astana forum"},
    )


def registrations(world: World, label: str) -> Built:
    event = make_event(capacity=None)
    for name, country, approve in (
        (label, world.afghanistan, True),
        ("Gulalai Ahmadi", world.afghanistan, False),
        ("Aigerim Sarsenova", world.kazakhstan, True),
    ):
        registration = register(event, country, name, email=f"{country.iso3}{approve}@example.org")
        if approve:
            learning_services.registration_approve(actor=None, registration=registration)
    return Built(
        reverse("learning:registration_list", args=[event.pk]),
        {label},
        {"status": "approved"},
        afghan={label, "Gulalai Ahmadi"},
        kazakh={"Aigerim Sarsenova"},
    )


def policy_profiles(world: World, label: str) -> Built:
    analyst = make_persona("analyst@example.org", Role.POLICY_ANALYST, world.iofs, [])
    draft_profile(world, analyst)
    policy_services.profile_submit(
        actor=analyst, profile=draft_profile(world, analyst, "kazakhstan")
    )
    return Built(
        reverse("policy:profile_list"),
        {"Afghanistan"},
        {"status": "draft"},
        afghan={"Afghanistan"},
        kazakh={"Kazakhstan"},
    )


def indicators(world: World, label: str) -> Built:
    for country, series, source in (
        (world.afghanistan, "SN_ITK_DEFC", label),
        (world.afghanistan, "AG_PRD_FIESMS", "FAO"),
        (world.kazakhstan, "SN_STA_OVWGT", "WHO"),
    ):
        policy_services.indicator_value_record(
            actor=None,
            country=country,
            series_code=series,
            year=2022,
            value="30.2",
            source=source,
            retrieved_on=D(2025, 1, 1),
        )
    return Built(
        reverse("policy:indicator_list"),
        {"SN_ITK_DEFC"},
        {"series": "SN_ITK_DEFC"},
        afghan={"SN_ITK_DEFC", "AG_PRD_FIESMS"},
        kazakh={"SN_STA_OVWGT"},
    )


def policy_reports(world: World, label: str) -> Built:
    analyst = make_persona("analyst@example.org", Role.POLICY_ANALYST, world.iofs, [])
    for day in (D(2025, 1, 1), D(2025, 6, 30)):
        policy_services.report_snapshot_take(actor=analyst, taken_on=day)
    fingerprints = set(ReportSnapshot.objects.values_list("content_sha256", flat=True))
    return Built(reverse("policy:report_list"), fingerprints)


def datasets(world: World, label: str) -> Built:
    core_services.admin_area_upsert(
        actor=None,
        country=world.kazakhstan,
        p_code="KZ75",
        pcode_set_version="KAZ 2023",
        level=1,
        name="Almaty",
    )
    for country, name, content in (
        (world.afghanistan, label, GOOD_HXL),
        (world.kazakhstan, "Kazakhstan analysis", (HXL_HEADER + "KZ75,2024-11-01,1,2,3,4,0,7\n")),
    ):
        monitoring_services.situation_dataset_import(
            actor=None,
            country=country,
            name=name,
            classification="ipc",
            source="Test file",
            published_on=D(2024, 11, 15),
            period_type="current",
            content=content if isinstance(content, bytes) else content.encode(),
        )
    return Built(
        reverse("monitoring:dataset_list"), {label}, afghan={label}, kazakh={"Kazakhstan analysis"}
    )


def phase_populations(world: World, label: str) -> Built:
    dataset = monitoring_services.situation_dataset_import(
        actor=None,
        country=world.afghanistan,
        name="Afghanistan IPC analysis",
        classification="ipc",
        source="Test file",
        published_on=D(2024, 11, 15),
        period_type="current",
        content=GOOD_HXL,
    ).dataset
    areas = {"Kabul AF01", "Hirat AF32"}
    return Built(
        reverse("monitoring:dataset_detail", args=[dataset.pk]),
        areas,
        afghan=areas,
        afghan_record=True,
    )


def households(world: World, label: str) -> Built:
    for reference, country in (
        (label, world.afghanistan),
        ("HH-2", world.afghanistan),
        ("KZ-HH-1", world.kazakhstan),
    ):
        registry_services.household_create(actor=None, country=country, reference=reference)
    return Built(
        reverse("registry:household_list"),
        {label, "HH-2"},
        afghan={label, "HH-2"},
        kazakh={"KZ-HH-1"},
    )


def institutions(world: World, label: str) -> Built:
    for name, site in ((label, world.kabul_warehouse), ("Almaty prison", world.almaty_warehouse)):
        registry_services.institution_create(actor=None, name=name, kind="prison", site=site)
    return Built(
        reverse("registry:institution_list"), {label}, afghan={label}, kazakh={"Almaty prison"}
    )


def people(world: World, label: str) -> Built:
    records = {}
    for key, country, id_number in (
        ("afghan", world.afghanistan, "1400-0101-98765"),
        ("afghan_other", world.afghanistan, "1400-0101-11111"),
        ("kazakh", world.kazakhstan, "KZ-880101"),
    ):
        records[key] = registry_services.person_register(
            actor=None,
            country=country,
            given_name="Mohammad",
            sex="M",
            birth_date="1984-05-02",
            id_document_type="tazkira",
            id_number=id_number,
        )
    return Built(
        reverse("registry:person_list"),
        {f"P-{records['afghan'].pk}"},
        {"id_number": "1400-0101-98765"},
        afghan={f"P-{records['afghan'].pk}", f"P-{records['afghan_other'].pk}"},
        kazakh={f"P-{records['kazakh'].pk}"},
    )


def programmes(world: World, label: str) -> Built:
    for code, name in (("GOV", label), ("WHEAT", "Wheat cultivation")):
        programme_services.programme_create(
            actor=None,
            code=code,
            name=name,
            reporting_organisation=world.iofs,
            iati_reporting_ref="XM-DAC-41120",
        )
    return Built(reverse("programmes:programme_list"), {label}, {"q": label})


def requirements(world: World, label: str) -> Built:
    for country in (world.afghanistan, world.kazakhstan):
        funding_services.requirement_create(
            actor=None, country=country, year=2024, amount_usd=Decimal(1000)
        )
    return Built(
        reverse("funding:requirement_list"),
        {"Afghanistan"},
        afghan={"Afghanistan"},
        kazakh={"Kazakhstan"},
    )


def courses(world: World, label: str) -> Built:
    for title, country in ((label, world.afghanistan), ("Wheat course", world.kazakhstan)):
        learning_services.course_create(actor=None, title=title, country=country, languages=["en"])
    return Built(reverse("learning:course_list"), {label}, afghan={label}, kazakh={"Wheat course"})


PAGES = [
    ListPage("organisations", organisations, "Name", "Name", scoped=False),
    ListPage("member-states", member_states, "Country", "Country", scoped=False),
    ListPage("sites", sites, "Name", "Name"),
    ListPage("audit", audit, "Record", "Record", persona="admin", scoped=False, context="noun"),
    ListPage("partners", partners, "Organisation", "Organisation", scoped=False),
    ListPage("agreements", agreements, "Title", "Title"),
    ListPage("engagements", engagements, "Title", "Title"),
    ListPage("projects", projects, "Title", "Title"),
    ListPage("conferences", conferences, "Title", "Title"),
    ListPage("pledges", pledges, "Reference", "Reference"),
    ListPage("lots-on-hand", balances, "Lot", "Lot"),
    ListPage("expiry-alerts", expiry_alerts, "Lot", "Lot"),
    ListPage("waybills", waybills, "Waybill", "Waybill"),
    ListPage("contributions", contributions, "Pledge", "Pledge"),
    ListPage("stock-counts", stock_counts, "Reason", "Reason"),
    ListPage("cycles", cycles, "Cycle", "Cycle"),
    ListPage("beneficiaries", beneficiaries, "Reference", "Reference"),
    ListPage("events", events, "Event", "Event"),
    ListPage("registrations", registrations, "Name", "Name"),
    ListPage("policy-profiles", policy_profiles, "Member state", None, persona="admin"),
    ListPage("indicators", indicators, "Series code", "Source"),
    ListPage("policy-reports", policy_reports, "Fingerprint", None, scoped=False),
    ListPage("datasets", datasets, "Analysis", "Analysis"),
    ListPage("phase-populations", phase_populations, "Admin area", None),
    ListPage("households", households, "Reference", "Reference"),
    ListPage("institutions", institutions, "Name", "Name"),
    # Looking a person up by identity number takes protection clearance.
    ListPage("people", people, "Record", None, persona="protection_officer"),
    ListPage("programmes", programmes, "Name", "Name", scoped=False),
    ListPage("requirements", requirements, "Requirement", None),
    ListPage("courses", courses, "Course", "Course"),
]
LABELLED = [page for page in PAGES if page.label_column]
SCOPED = [page for page in PAGES if page.scoped]


def _persona(request: pytest.FixtureRequest, page: ListPage) -> User:
    user: User = request.getfixturevalue(page.persona)
    return user


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_download_holds_exactly_the_rows_the_filter_keeps(
    request: pytest.FixtureRequest, world: World, page: ListPage, file_format: str
) -> None:
    built = page.build(world, LABEL)
    reader = client_for(_persona(request, page))
    result = download(reader, built.url, file_format, **built.query)
    assert page.key in result.headers
    found = keys(result, page.key)
    assert sorted(found) == sorted(built.filtered)
    # The page itself, with the same filter, lists the same rows on its first page.
    html = reader.get(built.url, built.query).content.decode()
    assert 'href="?' in html and f"format={file_format}" in html


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("page", SCOPED, ids=str)
def test_a_download_keeps_to_the_readers_countries(
    officer_kaz: User, world: World, page: ListPage, file_format: str
) -> None:
    built = page.build(world, LABEL)
    reader = client_for(officer_kaz)
    if built.afghan_record:
        response = reader.get(built.url, {"format": file_format})
        assert response.status_code == 404
        return
    found = set(keys(download(reader, built.url, file_format), page.key))
    assert built.kazakh and built.kazakh <= found
    assert not found & built.afghan


@pytest.mark.parametrize("page", LABELLED, ids=str)
def test_a_formula_in_a_name_stays_text(
    request: pytest.FixtureRequest, world: World, page: ListPage
) -> None:
    built = page.build(world, FORMULA)
    reader = client_for(_persona(request, page))
    column = page.label_column
    assert column is not None

    as_csv = download(reader, built.url, "csv")
    values = [row[column] for row in as_csv.rows]
    assert "'" + FORMULA in values
    assert FORMULA not in values

    response = reader.get(built.url, {"format": "xlsx"})
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    as_xlsx = read_xlsx(content)
    cells = [row[column] for row in as_xlsx.cells if row[column].value == FORMULA]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("page", LABELLED, ids=str)
def test_arabic_text_and_headers_come_back_as_they_were(
    request: pytest.FixtureRequest, world: World, page: ListPage, file_format: str
) -> None:
    built = page.build(world, ARABIC)
    column = page.label_column
    assert column is not None
    reader = client_for(_persona(request, page))
    result = download(reader, built.url.replace("/en/", "/ar/", 1), file_format)
    with translation.override("ar"):
        arabic_column = pgettext(page.context, column) if page.context else gettext(column)
    assert arabic_column != column
    assert ARABIC in [row[arabic_column] for row in result.rows]


# The module itself


def test_every_formula_start_gets_an_apostrophe_in_csv_and_nothing_else_does() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        text = f"{start}1+1"
        assert exports.csv_text(text) == "'" + text
    assert exports.csv_text("Wheat = flour") == "Wheat = flour"
    assert exports.csv_text(-5) == "-5"
    assert exports.csv_text(Decimal("-2.50")) == "-2.50"


def _workbook_bytes(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    exports.write_xlsx(out, ["A", "B", "C", "D", "E"], rows, title="test")
    return out.getvalue()


def test_numbers_and_dates_stay_typed_in_xlsx() -> None:
    moment = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
    content = _workbook_bytes([[Decimal("12.50"), 7, D(2024, 3, 1), moment, "-7 kg\x07"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    number, count, day, time, text = next(sheet.iter_rows(min_row=2))
    assert (number.data_type, number.value) == ("n", 12.5)
    assert (count.data_type, count.value) == ("n", 7)
    assert day.is_date and day.value == moment.replace(hour=0, minute=0, tzinfo=None)
    # Excel has no time zones: the local time (UTC here) is written.
    assert time.is_date and time.value == moment.replace(tzinfo=None)
    # A control character Excel refuses is dropped; the leading minus keeps it text.
    assert (text.data_type, text.value, text.quotePrefix) == ("s", "-7 kg", True)


def test_a_list_longer_than_a_download_may_be_goes_back_with_a_message(
    admin: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    response = client_for(admin).get(
        "/en/sites/", {"q": "warehouse", "format": "xlsx", "page": "1"}, follow=True
    )
    assert response.redirect_chain == [("/en/sites/?q=warehouse&page=1", 302)]
    body = response.content.decode()
    assert "This list has 2 rows, more than a download can hold (1)." in body


def test_the_links_keep_every_filter_and_drop_the_page_number(
    officer_afg: User, world: World
) -> None:
    html = (
        client_for(officer_afg)
        .get("/en/sites/", {"q": "Kabul", "kind": "warehouse", "page": "1"})
        .content.decode()
    )
    assert 'href="?q=Kabul&amp;kind=warehouse&amp;format=csv"' in html
    assert 'href="?q=Kabul&amp;kind=warehouse&amp;format=xlsx"' in html
    assert "Download CSV" in html and "Download XLSX" in html


def test_an_unknown_format_shows_the_page(officer_afg: User, world: World) -> None:
    response = client_for(officer_afg).get("/en/sites/", {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_download_is_a_read_and_writes_no_audit_entry(officer_afg: User, world: World) -> None:
    before = AuditEntry.objects.count()
    for file_format in FORMATS:
        download(client_for(officer_afg), "/en/sites/", file_format)
    assert AuditEntry.objects.count() == before


def test_an_arabic_workbook_reads_right_to_left() -> None:
    with translation.override("ar"):
        content = _workbook_bytes([["كابل", 1, 2, 3, 4]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet.sheet_view.rightToLeft is True
    assert sheet["A2"].value == "كابل"


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_download_too_big_for_memory_is_built_on_disk_and_comes_out_whole(
    admin: User, world: World, monkeypatch: pytest.MonkeyPatch, file_format: str
) -> None:
    in_memory = download(client_for(admin), reverse("core:site_list"), file_format)
    monkeypatch.setattr(exports, "SPOOL_BYTES", 64)
    on_disk = download(client_for(admin), reverse("core:site_list"), file_format)
    assert on_disk.rows == in_memory.rows
    assert sorted(keys(on_disk, "Name")) == ["Almaty transit warehouse", "Kabul warehouse"]

"""A distribution day in Afghanistan, from reference data only: a programme officer plans a
flour cycle for households and an input basket for farmers through the pages, another
officer approves the entitlements; the field team hands over at the desk (a card scanned, a
partial hand-over, a proxy collecting), through the API and from the offline distribution
point, whose queue is sent twice; the M&E officer reads the cycle, the trace from pledge to
plate and the post-distribution monitoring; every bad input is refused on its field, in the
reader's language, with nothing half-written; the ledger adds up after every step; and the
pages read in Arabic and French."""

from __future__ import annotations

import datetime
import html
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone, translation

from sunbula.assistance import services as assistance_services
from sunbula.assistance.models import (
    Beneficiary,
    Cycle,
    Distribution,
    Draw,
    Entitlement,
    RationKind,
)
from sunbula.core import figures
from sunbula.core import services as core_services
from sunbula.core.models import AdminArea, AuditEntry, Country, Role, Site, User
from sunbula.funding import services as funding_services
from sunbula.funding.models import Pledge
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import Project
from sunbula.registry import services as registry_services
from sunbula.registry.models import Household
from sunbula.supply import services as supply_services
from sunbula.supply.models import Commodity, Lot, MovementKind, StockBalance, StockMovement
from tests.conftest import (
    AfterSetup,
    afresh,
    client_for,
    kept_for_the_module,
    make_persona,
    sunbula_setup,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
ISOLATED = re.compile("[\u2068\u2069\u200f\u200e]")
SYNC = "/api/v1/assistance/point/distributions/"
FARMERS = "Pul-e-Alam wheat growers"


def today() -> datetime.date:
    return timezone.localdate()


def ago(days: int) -> datetime.date:
    """A day counted back from today (ahead of it when negative)."""
    return today() - datetime.timedelta(days=days)


def ledger_adds_up() -> None:
    """Each balance is the sum of its movements and never negative; what left a site for a
    beneficiary is what the distributions and their draws say; every kilogram received is
    on hand or handed over (nothing was lost or moved on this day)."""
    for balance in StockBalance.objects.all():
        moved = StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        total = moved.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
        assert balance.quantity == total >= 0, balance
    handed = Distribution.objects.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    drawn = Draw.objects.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    left = StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION).aggregate(
        total=Sum("quantity")
    )["total"] or Decimal(0)
    assert handed == drawn == -left
    received = StockMovement.objects.filter(kind=MovementKind.RECEIPT).aggregate(
        total=Sum("quantity")
    )["total"] or Decimal(0)
    on_hand = StockBalance.objects.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    assert received == on_hand + handed
    for entitlement in Entitlement.objects.all():
        given = entitlement.distributions.aggregate(total=Sum("quantity"))["total"]
        assert entitlement.distributed == (given or 0) <= entitlement.quantity, entitlement


def written() -> tuple[int, ...]:
    """What a refused write must leave as it found: every assistance and stock record and
    every audit entry of a change."""
    return (
        Cycle.objects.count(),
        Beneficiary.objects.count(),
        Entitlement.objects.filter(status=Entitlement.Status.APPROVED).count(),
        Entitlement.objects.aggregate(total=Sum("distributed"))["total"] or 0,
        Distribution.objects.count(),
        Draw.objects.count(),
        StockMovement.objects.count(),
        AuditEntry.objects.exclude(action__contains="read").count(),
    )


def visible(page: str) -> str:
    """A page's text without the isolation figures carry (marks and `<bdi>`)."""
    return ISOLATED.sub("", html.unescape(re.sub(r"</?bdi>", "", page)))


def errors_on(page: str, field_id: str) -> list[str]:
    """The errors a page shows on one input (named by its id), as a person reads them."""
    start = page.find(f'for="{field_id}"')
    assert start >= 0, (field_id, page[:3000])
    field = page[start : page.find("</p>", start)]
    found = re.findall(r'<strong class="error"[^>]*>(.*?)</strong>', field, re.S)
    return [visible(error) for error in found]


def refused(
    client: Client, url: str, data: dict[str, Any], field: str, says: str, *, status: int = 422
) -> None:
    """Posting `data` to `url` (an English address) is refused with `status`, nothing written,
    and `says` on `field`; the same in French says it in French."""
    before = written()
    english = client.post(url, data)
    assert english.status_code == status, (url, data, english.status_code)
    assert written() == before, (url, data)
    shown = errors_on(english.content.decode(), f"id_{field}")
    assert any(says in error for error in shown), (url, field, shown)
    french = client.post(url.replace("/en/", "/fr/", 1), data)
    assert french.status_code == status
    assert written() == before
    in_french = errors_on(french.content.decode(), f"id_{field}")
    assert in_french and in_french != shown, (url, field, in_french)


def api_refused(
    client: Client, url: str, body: Any, field: str, says: str, *, status: int = 400
) -> None:
    """Sending `body` to an API address is refused with `status` and `says` under `field`,
    nothing written; asked in French, it says it in French."""
    before = written()
    answer = client.post(url, body, content_type=JSON)
    assert answer.status_code == status, (url, body, answer.status_code, answer.content)
    assert written() == before, (url, body)
    keyed = answer.json()
    said = " ".join(str(message) for message in _flat(keyed.get(field)))
    assert says in said, (url, field, keyed)
    french = client.post(url, body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == status
    in_french = " ".join(str(message) for message in _flat(french.json().get(field)))
    assert in_french and in_french != said, (url, field, french.json())
    assert written() == before


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for entry in value for item in _flat(entry)]
    if isinstance(value, dict):
        return [item for entry in value.values() for item in _flat(entry)]
    return [] if value is None else [value]


def posted(client: Client, url: str, data: dict[str, Any]) -> str:
    """A form sent through a page and saved: where it goes next."""
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code, response.content[:3000])
    return str(response["Location"])


def messages_after(client: Client, url: str, data: dict[str, Any] | None = None) -> str:
    """A step posted from a page, and the page it returns to as the person reads it."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return visible(response.content.decode())


def step_refused(
    client: Client, url: str, data: dict[str, Any] | None = None, *, status: int = 409
) -> str:
    """A step posted from a page and refused: the page again, as the person reads it,
    answering as the API does (409 for a record whose state refuses the step, 403 for a
    person who may not take it, 422 for input that does not hold)."""
    response = client.post(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    return visible(response.content.decode())


@dataclass
class Office:
    admin: User
    planner: User
    reviewer: User
    field: User
    me: User
    afghanistan: Country
    kazakhstan: Country
    project: Project
    point: Site
    kabul: Site
    pledge: Pledge
    flour_lot: Lot
    kaz_household: Household

    @property
    def planner_client(self) -> Client:
        return client_for(self.planner)

    @property
    def reviewer_client(self) -> Client:
        return client_for(self.reviewer)

    @property
    def field_client(self) -> Client:
        return client_for(self.field)

    @property
    def me_client(self) -> Client:
        return client_for(self.me)


def _households(afghanistan: Country, kazakhstan: Country) -> Household:
    """Five households in Logar's Pul-e-Alam district, one in Kabul, one in Kazakhstan; and
    three farmers of one group in Logar."""
    logar = AdminArea.objects.get(p_code="AF05")
    kabul = AdminArea.objects.get(p_code="AF01")
    members = {
        "LOG-001": (("Fatima", "F", "1985", "head"), ("Ahmad", "M", "1983", ""), ("Zahra", "F", "2016", "")),
        "LOG-002": (("Maryam", "F", "1990", "head"), ("Omid", "M", "2012", "")),
        "LOG-003": (("Karim", "M", "1950", "head"), ("Gul", "F", "1955", "")),
        "LOG-004": (("Shirin", "F", "1995", "head"), ("Bilal", "M", "2020", ""), ("Sara", "F", "2018", "")),
        "LOG-005": (("Nasir", "M", "1980", "head"),),
        "KBL-001": (("Wahid", "M", "1975", "head"),),
    }  # fmt: skip
    for reference, people in members.items():
        household = registry_services.household_create(
            actor=None,
            country=afghanistan,
            reference=reference,
            admin_area=kabul if reference.startswith("KBL") else logar,
            displacement_status="returnee" if reference == "LOG-002" else "resident",
        )
        for given, sex, born, relation in people:
            registry_services.person_register(
                actor=None,
                country=afghanistan,
                given_name=given,
                family_name="Ahmadzai",
                sex=sex,
                birth_date=born,
                household=household,
                relation_to_head=relation,
                admin_area=household.admin_area,
            )
    for number, (given, sex, born) in enumerate(
        (("Rahim", "M", "1970"), ("Parwana", "F", "1988"), ("Jamal", "M", "1992")), start=1
    ):
        farmer = registry_services.person_register(
            actor=None,
            country=afghanistan,
            given_name=given,
            family_name="Logari",
            sex=sex,
            birth_date=born,
            admin_area=logar,
            external_id=f"FRM-{number:03}",
        )
        registry_services.farmer_upsert(
            actor=None,
            person=farmer,
            farm_area_ha=Decimal("1.5"),
            tenure="owner",
            irrigation="karez",
            crops=["wheat"],
            group_name=FARMERS,
        )
    abroad = registry_services.household_create(
        actor=None, country=kazakhstan, reference="KAZ-001", displacement_status="resident"
    )
    registry_services.person_register(
        actor=None, country=kazakhstan, given_name="Aigerim", sex="F", birth_date="1990",
        household=abroad,
    )  # fmt: skip
    return abroad


def _office(after_setup: AfterSetup) -> Office:
    """What `sunbula setup` leaves, the colleagues the administrator gives their roles for
    Afghanistan, a project, Kazakhstan's flour in kind received at a distribution point in
    Logar with seeds, fertiliser and tools bought for farmers, and the registry's people."""
    home, admin = after_setup.home, after_setup.admin
    afghanistan, kazakhstan = after_setup.afghanistan, after_setup.kazakhstan
    planner = make_persona("planner@example.org", Role.PROGRAMME_OFFICER, home, [afghanistan])
    reviewer = make_persona("reviewer@example.org", Role.PROGRAMME_OFFICER, home, [afghanistan])
    field = make_persona("field@example.org", Role.LOGISTICS_OFFICER, home, [afghanistan])
    me = make_persona("me@example.org", Role.ME_OFFICER, home, [afghanistan])
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    programme = programme_services.programme_create(
        actor=None,
        code="AFSP",
        name="Afghanistan Food Security Programme",
        reporting_organisation=home,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    project = programme_services.project_create(
        actor=None,
        code="LOGAR-WHEAT",
        title="Logar wheat and flour",
        description="Flour for households and inputs for farmers in Logar.",
        programme=programme,
        recipient_country=afghanistan,
        status="2",
        planned_start=ago(120),
        planned_end=ago(-240),
        currency=usd,
    )
    donor = core_services.organisation_create(
        actor=None,
        name="Government of the Republic of Kazakhstan",
        kind="government",
        iati_type="10",
        country=kazakhstan,
    )
    pledge = funding_services.pledge_record(
        actor=None,
        donor=donor,
        pledged_on=ago(100),
        currency=usd,
        amount=Decimal(9000),
        country=afghanistan,
        budget_year=ago(100).year,
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal(20),
        unit="t",
        project=project,
    )
    commitment = funding_services.commitment_record(
        actor=None, pledge=pledge, committed_on=ago(90), amount=pledge.amount
    )
    payment = funding_services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=ago(80),
        amount=pledge.amount,
        currency=usd,
        quantity=Decimal(20),
    )
    logar = AdminArea.objects.get(p_code="AF05")
    point = core_services.site_create(
        actor=None,
        name="Pul-e-Alam distribution point",
        kind="distribution_point",
        country=afghanistan,
        admin_area=logar,
        operating_organisation=home,
    )
    kabul = core_services.site_create(
        actor=None,
        name="Kabul warehouse",
        kind="warehouse",
        country=afghanistan,
        admin_area=AdminArea.objects.get(p_code="AF01"),
        operating_organisation=home,
    )
    for site in (point, kabul):
        supply_services.stock_site_register(actor=None, site=site, capacity=Decimal(500000))
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    flour_lot = supply_services.lot_receive(
        actor=None,
        site=point,
        commodity=flour,
        quantity=Decimal(400),
        received_on=ago(30),
        reference="GRN-FLOUR-1",
        lot_reference="KAZ-FLOUR-1",
        payment=payment,
        expires_on=ago(-300),
    )
    for code, quantity in (("WHEAT-SEED", 150), ("UREA", 150), ("DAP", 75), ("TOOL-KIT", 3)):
        supply_services.lot_receive(
            actor=None,
            site=point,
            commodity=Commodity.objects.get(code=code),
            quantity=Decimal(quantity),
            received_on=ago(30),
            reference=f"GRN-{code}",
        )
    kaz_household = _households(afghanistan, kazakhstan)
    return Office(
        admin=admin,
        planner=planner,
        reviewer=reviewer,
        field=field,
        me=me,
        afghanistan=afghanistan,
        kazakhstan=kazakhstan,
        project=project,
        point=point,
        kabul=kabul,
        pledge=pledge,
        flour_lot=flour_lot,
        kaz_household=kaz_household,
    )


def _cycle_form(office: Office, **changes: Any) -> dict[str, Any]:
    return {
        "project": office.project.pk,
        "country": office.afghanistan.pk,
        "name": "Logar flour",
        "name_ar": "",
        "name_fr": "",
        "name_ru": "",
        "period_start": ago(5).isoformat(),
        "period_end": ago(-24).isoformat(),
        "ration_kind": RationKind.PER_HOUSEHOLD_MONTH,
        "people_indicator": "",
        "kg_indicator": "",
        "inputs_indicator": "",
        "reporting_period": "",
        **changes,
    }


def _plan(
    office: Office, name: str, kind: str, ration: dict[str, str], rule: tuple[str, str]
) -> Cycle:
    """The planner plans a cycle through the pages: its period and kind, the ration or basket,
    a targeting rule; freezes the list and generates the entitlements; the reviewer approves."""
    planner = office.planner_client
    assert "Plan a cycle" in planner.get("/en/assistance/").content.decode()
    assert planner.get("/en/assistance/cycles/new/").status_code == 200
    where = posted(
        planner,
        "/en/assistance/cycles/new/",
        _cycle_form(office, name=name, ration_kind=kind, name_fr=f"{name} (fr)", name_ar=name),
    )
    cycle = Cycle.objects.get(name=name)
    assert where == f"/en/assistance/cycles/{cycle.pk}/"
    base = f"/en/assistance/cycles/{cycle.pk}"
    for code, quantity in ration.items():
        commodity = Commodity.objects.get(code=code)
        posted(planner, f"{base}/ration/", {"commodity": commodity.pk, "quantity": quantity})
    preview = planner.get(f"{base}/preview/?field={rule[0]}&value={rule[1]}")
    assert preview.status_code == 200
    posted(planner, f"{base}/rules/", {"field": rule[0], "value": rule[1]})
    page = messages_after(planner, f"{base}/steps/freeze/")
    assert "The beneficiary list is frozen." in page
    page = messages_after(planner, f"{base}/steps/generate/")
    assert "Entitlements are generated." in page
    assert "another person must review and approve them" in page
    before = written()
    page = step_refused(planner, f"{base}/steps/approve/", status=403)
    assert "another person must review and approve them" in page
    assert written() == before
    page = messages_after(office.reviewer_client, f"{base}/steps/approve/")
    assert "Entitlements are approved." in page
    cycle.refresh_from_db()
    assert cycle.planned_by == office.planner and cycle.approved_by == office.reviewer
    assert not cycle.entitlements.exclude(status=Entitlement.Status.APPROVED).exists()
    return cycle


@dataclass
class Day:
    office: Office
    households: Cycle
    farmers: Cycle


def _day() -> Day:
    office = _office(sunbula_setup())
    households = _plan(
        office,
        "Logar flour",
        RationKind.PER_HOUSEHOLD_MONTH,
        {"WHEAT-FLOUR": "50"},
        ("admin_area", "AF05"),
    )
    farmers = _plan(
        office,
        "Logar farmer inputs",
        RationKind.FARMER_BASKET,
        {"WHEAT-SEED": "50", "UREA": "50", "DAP": "25", "TOOL-KIT": "1"},
        ("farmer_group", FARMERS),
    )
    return Day(office, households, farmers)


_day_once = kept_for_the_module(_day, name="_day_once")


@pytest.fixture
def day(_day_once: Day, db: None) -> Day:
    return afresh(_day_once)


def test_the_cycles_are_planned_and_approved_by_two_people(day: Day) -> None:
    households = day.households
    references = set(households.beneficiaries.values_list("reference", flat=True))
    assert references == {"LOG-001", "LOG-002", "LOG-003", "LOG-004", "LOG-005"}
    assert set(households.entitlements.values_list("quantity", flat=True)) == {Decimal(50)}
    farmers = day.farmers
    assert set(farmers.beneficiaries.values_list("reference", flat=True)) == {
        "FRM-001",
        "FRM-002",
        "FRM-003",
    }
    basket = {
        (row.commodity.code, row.quantity)
        for row in farmers.entitlements.select_related("commodity").filter(
            beneficiary__reference="FRM-001"
        )
    }
    assert basket == {
        ("WHEAT-SEED", Decimal(50)),
        ("UREA", Decimal(50)),
        ("DAP", Decimal(25)),
        ("TOOL-KIT", Decimal(1)),
    }
    actions = set(
        AuditEntry.objects.filter(action__startswith="assistance.").values_list(
            "action", "actor__email"
        )
    )
    assert ("assistance.cycle.frozen", "planner@example.org") in actions
    assert ("assistance.entitlement.updated", "reviewer@example.org") in actions
    ledger_adds_up()


def _desk(day: Day) -> str:
    return f"/en/assistance/cycles/{day.households.pk}/distributions/"


def _handed(cycle: Cycle, reference: str) -> Decimal:
    total = Entitlement.objects.filter(cycle=cycle, beneficiary__reference=reference).aggregate(
        total=Sum("distributed")
    )["total"]
    return total or Decimal(0)


def test_the_field_team_hands_over_at_the_desk(day: Day) -> None:
    office = day.office
    client = office.field_client
    url = _desk(day)
    page = client.get(url)
    assert page.status_code == 200
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    form = {
        "reference": "LOG-001",
        "commodity": flour.pk,
        "site": office.point.pk,
        "quantity": "50",
        "distributed_on": today().isoformat(),
        "collector": "beneficiary",
    }
    # The household's card is scanned: the scanner types what its QR code holds.
    lookup = visible(client.get(f"{url}?reference=SUNBULA:LOG-001").content.decode())
    assert "LOG-001" in lookup and "50 kg left" in lookup, lookup
    posted(client, url, {**form, "reference": "SUNBULA:LOG-001"})
    assert _handed(day.households, "LOG-001") == 50
    # A partial hand-over, then the rest on another day, typed as it is said.
    partial = {**form, "reference": "LOG-002", "quantity": "20"}
    posted(client, url, {**partial, "distributed_on": ago(1).isoformat()})
    assert _handed(day.households, "LOG-002") == 20
    entitlements = f"/en/assistance/cycles/{day.households.pk}/entitlements/"
    assert "Partly distributed" in visible(client.get(entitlements).content.decode())
    assert "30 kg left" in visible(client.get(f"{url}?reference=log-002").content.decode())
    posted(client, url, {**partial, "reference": " log-002 ", "quantity": "30"})
    assert _handed(day.households, "LOG-002") == 50
    # The old man's neighbour collects for him.
    posted(client, url, {**form, "reference": "LOG-003", "collector": "proxy"})
    proxied = Distribution.objects.get(beneficiary__reference="LOG-003")
    assert proxied.collector == "proxy"
    shown = visible(client.get(proxied.get_absolute_url()).content.decode())
    assert "Handed to" in shown and "A proxy" in shown
    entry = AuditEntry.objects.get(
        action="assistance.distribution.created", object_id=str(proxied.pk)
    )
    assert entry.after["collector"] == "proxy" and entry.actor == office.field
    ledger_adds_up()
    # A hand-over recorded by mistake is corrected by a reversal, which says why; the goods go
    # back to their lots and the entitlement opens again.
    reverse = f"/en/assistance/distributions/{proxied.pk}/reverse/"
    before = written()
    assert "Say why the distribution is reversed." in step_refused(
        client, reverse, {"reason": " "}, status=422
    )
    assert written() == before
    assert "The distribution is reversed." in messages_after(
        client, reverse, {"reason": "Wrong card"}
    )
    assert _handed(day.households, "LOG-003") == 0
    assert Distribution.objects.get(reverses=proxied).collector == "proxy"
    ledger_adds_up()
    posted(client, url, {**form, "reference": "LOG-003", "collector": "proxy"})

    # Bad input, each refused on its field with nothing written.
    refused(client, url, {**form, "reference": "LOG-004", "quantity": "60"}, "quantity", "Only 50")
    future = (today() + datetime.timedelta(days=3)).isoformat()
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "distributed_on": future},
        "distributed_on",
        "future",
    )
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "distributed_on": ago(40).isoformat()},
        "distributed_on",
        "outside it",
    )
    refused(
        client, url, {**form, "reference": "KAZ-001"}, "reference", "no entitlement in this cycle"
    )
    refused(client, url, {**form, "reference": "LOG-001"}, "reference", "already served")
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "site": "abc"},
        "site",
        "Select a valid choice",
    )
    refused(
        client, url, {**form, "reference": "LOG-004", "site": office.kabul.pk}, "site", "holds 0"
    )
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "quantity": "abc"},
        "quantity",
        "Enter a number",
    )
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "commodity": "abc"},
        "commodity",
        "Select a valid choice",
    )
    refused(
        client,
        url,
        {**form, "reference": "LOG-004", "collector": "cousin"},
        "collector",
        "Select a valid choice",
    )
    refused(client, url, dict.fromkeys(form, ""), "reference", "This field is required.")
    refused(client, url, dict.fromkeys(form, ""), "quantity", "This field is required.")
    # A cancelled entitlement: the planner cancels it, the desk is refused on the reference.
    cancelled = Entitlement.objects.get(cycle=day.households, beneficiary__reference="LOG-005")
    page = messages_after(
        office.planner_client, f"/en/assistance/entitlements/{cancelled.pk}/cancel/"
    )
    assert "The entitlement is cancelled." in page
    refused(client, url, {**form, "reference": "LOG-005"}, "reference", "Cancelled")
    ledger_adds_up()


def _entitlement(cycle: Cycle, reference: str, code: str = "WHEAT-FLOUR") -> Entitlement:
    return Entitlement.objects.get(
        cycle=cycle, beneficiary__reference=reference, commodity__code=code
    )


def _kazakh_entitlement(office: Office) -> Entitlement:
    """An approved entitlement of a cycle in Kazakhstan, planned by another office."""
    project = programme_services.project_create(
        actor=None,
        code="KAZ-FLOUR",
        title="Flour in Kazakhstan",
        description="Flour for households in Kazakhstan.",
        programme=office.project.programme,
        recipient_country=office.kazakhstan,
        status="2",
        planned_start=ago(120),
        planned_end=ago(-240),
        currency=office.project.currency,
    )
    cycle = assistance_services.cycle_create(
        actor=None,
        project=project,
        country=office.kazakhstan,
        name="Almaty flour",
        period_start=ago(5),
        period_end=ago(-24),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    assistance_services.ration_line_set(
        actor=None, cycle=cycle, commodity=Commodity.objects.get(code="WHEAT-FLOUR"),
        quantity=Decimal(50),
    )  # fmt: skip
    assistance_services.beneficiary_list_freeze(actor=None, cycle=cycle)
    assistance_services.entitlements_compute(actor=None, cycle=cycle)
    assistance_services.entitlements_approve(actor=None, cycle=cycle)
    return Entitlement.objects.get(cycle=cycle)


def test_the_field_team_hands_over_through_the_api(day: Day) -> None:
    office = day.office
    client = office.field_client
    url = "/api/v1/assistance/distributions/"
    seeds = _entitlement(day.farmers, "FRM-001", "WHEAT-SEED")
    body = {
        "entitlement": seeds.pk,
        "site": office.point.pk,
        "quantity": "20",
        "distributed_on": today().isoformat(),
    }
    made = client.post(url, body, content_type=JSON)
    assert made.status_code == 201, made.content
    answer = made.json()
    assert answer["quantity"] == "20.000" and answer["unit"] == "kg"
    assert answer["cycle"] == day.farmers.pk and answer["collector"] == "beneficiary"
    rest = client.post(url, {**body, "quantity": "30", "collector": "member"}, content_type=JSON)
    assert rest.status_code == 201 and rest.json()["collector"] == "member"
    seeds.refresh_from_db()
    assert seeds.status == Entitlement.Status.DISTRIBUTED and seeds.distributed == 50
    tools = _entitlement(day.farmers, "FRM-001", "TOOL-KIT")
    made = client.post(url, {**body, "entitlement": tools.pk, "quantity": "1"}, content_type=JSON)
    assert made.status_code == 201 and made.json()["unit"] == "piece"
    ledger_adds_up()

    abroad = _kazakh_entitlement(office)
    urea = _entitlement(day.farmers, "FRM-002", "UREA")
    on_urea = {**body, "entitlement": urea.pk}
    api_refused(client, url, {**on_urea, "quantity": "51"}, "quantity", "Only 50", status=409)
    future = (today() + datetime.timedelta(days=3)).isoformat()
    api_refused(client, url, {**on_urea, "distributed_on": future}, "distributed_on", "future")
    api_refused(
        client,
        url,
        {**on_urea, "distributed_on": ago(40).isoformat()},
        "distributed_on",
        "outside it",
    )
    api_refused(client, url, {**on_urea, "entitlement": "abc"}, "entitlement", "Incorrect type")
    api_refused(client, url, {**on_urea, "site": "abc"}, "site", "Incorrect type")
    api_refused(
        client, url, {**on_urea, "quantity": "abc"}, "quantity", "A valid number is required"
    )
    api_refused(client, url, {**on_urea, "collector": "cousin"}, "collector", "not a valid choice")
    api_refused(client, url, {**on_urea, "site": office.kabul.pk}, "site", "holds 0", status=409)
    api_refused(client, url, {**on_urea, "entitlement": abroad.pk}, "entitlement", "does not exist")
    api_refused(client, url, {**body}, "entitlement", "already", status=409)
    api_refused(client, url, {}, "entitlement", "This field is required.")
    api_refused(client, url, {}, "quantity", "This field is required.")
    cancel = client_for(office.planner).post(
        f"/api/v1/assistance/entitlements/{urea.pk}/cancel/", content_type=JSON
    )
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    api_refused(client, url, on_urea, "entitlement", "Cancelled", status=409)
    ledger_adds_up()


def _point_queue(
    rows: list[dict[str, Any]], references: list[str], site: Site
) -> list[dict[str, Any]]:
    """What the phone queues when the officer taps "Record hand-over" on each of `references`:
    an id made on the phone, what is left of the entitlement, the phone's day."""
    by_reference = {row["r"]: row for row in rows}
    return [
        {
            "client_id": str(uuid.uuid4()),
            "entitlement": by_reference[reference]["e"][0][0],
            "site": site.pk,
            "quantity": by_reference[reference]["e"][0][2],
            "distributed_on": today().isoformat(),
        }
        for reference in references
    ]


def test_the_offline_point_sends_its_queue_twice_and_records_each_once(day: Day) -> None:
    office = day.office
    cycle_page = visible(
        office.field_client.get(f"/en/assistance/cycles/{day.households.pk}/").content.decode()
    )
    point_url = f"/en/assistance/point/{day.households.pk}/{office.point.pk}/"
    assert point_url in cycle_page
    phone = client_for(office.field, enforce_csrf_checks=True)
    page = phone.get(point_url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    list_url = html.unescape(re.search(r'data-list="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    sync_url = re.search(r'data-sync="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert sync_url == SYNC
    kept = phone.get(list_url, HTTP_ACCEPT="application/json").json()
    rows = kept["rows"]
    assert {row["r"] for row in rows} == {"LOG-001", "LOG-002", "LOG-003", "LOG-004", "LOG-005"}
    # Meanwhile the desk serves LOG-001, which the phone cannot know without a signal.
    posted(
        office.field_client,
        _desk(day),
        {
            "reference": "LOG-001",
            "commodity": Commodity.objects.get(code="WHEAT-FLOUR").pk,
            "site": office.point.pk,
            "quantity": "50",
            "distributed_on": today().isoformat(),
            "collector": "beneficiary",
        },
    )
    queue = _point_queue(rows, ["LOG-001", "LOG-002", "LOG-004"], office.point)
    headers = {"HTTP_X_CSRFTOKEN": token.group(1), "HTTP_ACCEPT": "application/json"}

    def send(entry: dict[str, Any], **extra: Any) -> Any:
        return phone.post(SYNC, entry, content_type=JSON, **headers, **extra)

    first = [send(entry) for entry in queue]
    assert [answer.status_code for answer in first] == [409, 201, 201]
    assert "already received" in first[0].json()["detail"]
    recorded = written()
    again = [send(entry) for entry in queue]
    assert [answer.status_code for answer in again] == [409, 200, 200]
    assert [answer.json() for answer in again[1:]] == [
        {**answer.json(), "replayed": True} for answer in first[1:]
    ]
    assert written() == recorded
    assert Distribution.objects.filter(client_id__isnull=False).count() == 2
    ledger_adds_up()

    # Bad input from a phone: a 4xx naming the field, in the phone's language, nothing written.
    spare = _point_queue(rows, ["LOG-003"], office.point)[0]
    abroad = _kazakh_entitlement(office)
    recorded = written()
    future = (today() + datetime.timedelta(days=3)).isoformat()
    for body, field, says, status in (
        ({**spare, "distributed_on": future}, "distributed_on", "future", 400),
        ({**spare, "distributed_on": ago(40).isoformat()}, "distributed_on", "outside it", 400),
        ({**spare, "quantity": "51"}, "quantity", "Only 50", 400),
        ({**spare, "entitlement": "abc"}, "entitlement", "Incorrect type", 400),
        ({**spare, "client_id": "abc"}, "client_id", "valid UUID", 400),
        ({**spare, "site": office.kabul.pk}, "site", "holds 0", 409),
        ({**spare, "entitlement": abroad.pk}, "entitlement", "does not exist", 400),
        ({**queue[1], "quantity": "10"}, "client_id", "already used", 409),
        ({}, "entitlement", "This field is required.", 400),
    ):
        answer = send(body)
        assert answer.status_code == status, (body, answer.content)
        assert says in " ".join(_flat(answer.json().get(field))), (field, answer.json())
        in_arabic = send(body, HTTP_ACCEPT_LANGUAGE="ar")
        assert in_arabic.status_code == status
        assert says not in " ".join(_flat(in_arabic.json().get(field))), in_arabic.json()
        assert written() == recorded, body
    cancelled = Entitlement.objects.get(cycle=day.households, beneficiary__reference="LOG-003")
    messages_after(office.planner_client, f"/en/assistance/entitlements/{cancelled.pk}/cancel/")
    recorded = written()
    answer = send(spare)
    assert answer.status_code == 409 and "Cancelled" in " ".join(
        _flat(answer.json().get("entitlement"))
    )
    assert (
        phone.post(SYNC, {**spare, "client_id": str(uuid.uuid4())}, content_type=JSON).status_code
        == 403
    )
    assert written() == recorded
    ledger_adds_up()


def _served(day: Day) -> None:
    """The morning's hand-overs: LOG-001 and LOG-002 in full, LOG-003 half, and the first
    farmer's seeds, through the desk."""
    office = day.office
    client = office.field_client
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    form = {
        "commodity": flour.pk,
        "site": office.point.pk,
        "distributed_on": today().isoformat(),
        "collector": "beneficiary",
    }
    for reference, quantity in (("LOG-001", "50"), ("LOG-002", "50"), ("LOG-003", "25")):
        posted(client, _desk(day), {**form, "reference": reference, "quantity": quantity})
    seeds = Commodity.objects.get(code="WHEAT-SEED")
    posted(
        client,
        f"/en/assistance/cycles/{day.farmers.pk}/distributions/",
        {**form, "reference": "FRM-001", "commodity": seeds.pk, "quantity": "50"},
    )


def _figures(page: str, section: str) -> dict[str, str]:
    """The figures of a section of a page (from its heading's id to the next table's end),
    by the name each cell carries, as a person reads them."""
    start = page.find(f'id="{section}"')
    assert start >= 0, section
    part = page[start : page.find("</table>", start)]
    return {
        name: visible(re.sub(r"<[^>]+>", "", cell)).strip()
        for name, cell in re.findall(r'data-figure="(\w+)">(.*?)</td>', part, re.S)
    }


def test_the_me_officer_reads_the_cycle_the_trace_and_the_monitoring(day: Day) -> None:
    _served(day)
    office = day.office
    client = office.me_client
    listing = client.get("/en/assistance/").content.decode()
    assert "Logar flour" in listing and "Plan a cycle" not in listing
    cycle_url = f"/en/assistance/cycles/{day.households.pk}/"
    page = client.get(cycle_url).content.decode()
    # Planned against handed over, per commodity; people reached by sex and age, each
    # household counted once however many hand-overs it had.
    assert _figures(page, "progress") == {
        "planned": "250 kg",
        "handed": "125 kg",
        "left": "125 kg",
        "share": "50%",
        "served": "3 of 5",
    }
    assert _figures(page, "reached") == {
        "beneficiaries": "3",
        "people": "7",
        "females": "4",
        "males": "3",
        "sex_not_recorded": "0",
        "children": "2",
        "adults": "3",
        "elderly": "2",
        "age_not_recorded": "0",
    }
    # From the cycle to the trace of what it handed out, and up to the pledge.
    trace_url = f"/en/assistance/trace/projects/{office.project.pk}/"
    assert trace_url in page
    trace = client.get(f"/en/assistance/trace/pledges/{office.pledge.pk}/")
    assert trace.status_code == 200
    traced = visible(trace.content.decode())
    assert "Received 400 kg = distributed 125 + in stock 275 + in transit 0 + lost 0" in traced
    api = client.get(f"/api/v1/trace/pledges/{office.pledge.pk}/").json()
    assert api["distributed"] == "125.000" and api["people_reached"]["total"] == 7
    assert api["people_reached"]["by_sex"] == {"female": 4, "male": 3, "not_recorded": 0}
    # Post-distribution monitoring: a sample of those served, its links handed over once.
    start = f"/en/assistance/cycles/{day.households.pk}/monitoring/new/"
    assert client.get(start).status_code == 200
    sampling = {
        "survey": "",
        "sample_size": "2",
        "percent": "",
        "seed": "7",
        "language": "en",
        "links": "page",
    }
    before = written()
    bad = client.post(start, {**sampling, "percent": "50"})
    assert bad.status_code == 422 and "either a sample size or a percentage" in visible(
        bad.content.decode()
    )
    assert client.post(start, {**sampling, "sample_size": "0"}).status_code == 422
    assert client.post(start, {**sampling, "seed": "abc"}).status_code == 422
    assert client.post(start, dict.fromkeys(sampling, "")).status_code == 422
    assert written() == before
    sheet = client.post(start, sampling)
    assert sheet.status_code == 200
    links = re.findall(r'<a href="(http[^"]+)">', sheet.content.decode())
    assert len(links) == 2
    page = visible(client.get(cycle_url).content.decode())
    assert "0 of 2 sampled answered (0%); sampled from 3 served, seed 7." in page
    ledger_adds_up()


# What people typed (names, references, codes), the columns a list file names and the names of
# languages in the switcher: the only Latin text an Arabic page may show.
TYPED = re.compile(
    r"(?:LOG|FRM|KBL|DIST|PT|GRN|KAZ|LOT|SUN-PL)-[\w-]+|LOGAR-WHEAT|Pul-e-Alam distribution point|"
    r"Kabul warehouse|Logar flour|Logar farmer inputs|Pul-e-Alam wheat growers|"
    r"[\w.]+@example\.org|\b(?:IOFS|CSV|XLSX|PDF|API|AF05|QR)\b|English|français|русский|"
    r"Government of the Republic of Kazakhstan|KAZ-FLOUR-1|reference وquantity"
)


def _shown(page: str) -> list[str]:
    """The text a reader sees in a page's main part, and the titles and labels of controls;
    a select's options are reference data named by their own catalogues."""
    main = page.split('<main id="main">')[1].split("</main>")[0]
    body = re.sub(r"<(script|style|option)\b.*?</\1>", "", main, flags=re.S)
    shown = re.findall(r">([^<]+)<", body)
    shown += re.findall(r'(?:title|aria-label|placeholder)="([^"]+)"', body)
    return [visible(text).strip() for text in shown if visible(text).strip()]


def _english_left(page: str) -> set[str]:
    return {text for text in _shown(page) if re.search(r"[A-Za-z]{2,}", TYPED.sub("", text))}


# The age groups are named with their bounds in the catalogue, as the results framework
# names them, whatever the digits of the figures.
AGE_GROUPS = re.compile(r"\((?:دون 18 عامًا|18 إلى 59 عامًا|60 عامًا فأكثر)\)")


def _latin_figures(page: str) -> set[str]:
    """Text with Latin digits in it besides what people typed."""
    return {
        text
        for text in _shown(page)
        if re.search(r"[0-9]", AGE_GROUPS.sub("", TYPED.sub("", text)))
    }


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_days_pages_read_in_arabic_and_french(
    day: Day, language: str, direction: str, settings: Any
) -> None:
    settings.FIGURE_DIGITS = {"ar": "arab"}
    _served(day)
    office = day.office
    handed = Distribution.objects.filter(beneficiary__reference="LOG-003").get()
    households = day.households.pk
    entitlement = _entitlement(day.households, "LOG-004")
    pages = {
        office.planner: (
            "assistance/",
            "assistance/cycles/new/",
            f"assistance/cycles/{households}/",
            f"assistance/cycles/{households}/edit/",
            f"assistance/cycles/{households}/entitlements/",
            f"assistance/cycles/{households}/beneficiaries/new/",
            f"assistance/entitlements/{entitlement.pk}/reduce/",
            f"assistance/cycles/{day.farmers.pk}/",
        ),
        office.field: (
            f"assistance/cycles/{households}/distributions/",
            f"assistance/cycles/{households}/distributions/?reference=LOG-003",
            f"assistance/cycles/{households}/distributions/upload/",
            f"assistance/distributions/{handed.pk}/",
            f"assistance/point/{households}/{office.point.pk}/",
        ),
        office.me: (
            f"assistance/cycles/{households}/",
            f"assistance/cycles/{households}/monitoring/new/",
            f"assistance/trace/pledges/{office.pledge.pk}/",
            f"assistance/trace/projects/{office.project.pk}/",
            f"assistance/trace/lots/{office.flour_lot.pk}/",
        ),
    }
    for user, paths in pages.items():
        client = client_for(user)
        for path in paths:
            response = client.get(f"/{language}/{path}")
            assert response.status_code in (200, 302), (path, response.status_code)
            if response.status_code == 302:
                continue
            page = response.content.decode()
            assert f'<html lang="{language}" dir="{direction}">' in page, path
            if language == "ar":
                assert not _english_left(page), (path, _english_left(page))
                assert not _latin_figures(page), (path, _latin_figures(page))
    with translation.override(language):
        ration = visible(figures.quantity(Decimal(50), "kg", html=False))
        start = visible(figures.day(day.households.period_start, html=False))
    cycle_page = visible(
        client_for(office.planner)
        .get(f"/{language}/assistance/cycles/{households}/")
        .content.decode()
    )
    assert ration in cycle_page and start in cycle_page
    listing = visible(client_for(office.planner).get(f"/{language}/assistance/").content.decode())
    assert start in listing


def test_a_bad_plan_is_refused_on_its_field(day: Day) -> None:
    office = day.office
    planner = office.planner_client
    url = "/en/assistance/cycles/new/"
    form = _cycle_form(office)
    refused(planner, url, dict.fromkeys(form, ""), "name", "This field is required.")
    refused(planner, url, dict.fromkeys(form, ""), "period_start", "This field is required.")
    refused(
        planner,
        url,
        {**form, "period_end": ago(10).isoformat()},
        "period_end",
        "ends before it starts",
    )
    refused(
        planner, url, {**form, "country": office.kazakhstan.pk}, "country", "Select a valid choice"
    )
    refused(planner, url, {**form, "project": "abc"}, "project", "Select a valid choice")
    refused(
        planner, url, {**form, "period_start": "next week"}, "period_start", "Enter a valid date"
    )
    refused(
        planner, url, {**form, "ration_kind": "per_goat"}, "ration_kind", "Select a valid choice"
    )
    where = posted(planner, url, form)
    cycle = Cycle.objects.exclude(pk__in=[day.households.pk, day.farmers.pk]).get()
    assert where == f"/en/assistance/cycles/{cycle.pk}/"
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    ration = f"{where}ration/"
    refused(
        planner, ration, {"commodity": flour.pk, "quantity": "abc"}, "quantity", "Enter a number"
    )
    refused(
        planner,
        ration,
        {"commodity": flour.pk, "quantity": "-50"},
        "quantity",
        "greater than or equal to 0.001",
    )
    refused(
        planner,
        ration,
        {"commodity": "abc", "quantity": "50"},
        "commodity",
        "Select a valid choice",
    )
    refused(planner, ration, {}, "quantity", "This field is required.")
    rules = f"{where}rules/"
    refused(planner, rules, {"field": "admin_area", "value": "AF99"}, "value", "not a P-code")
    refused(planner, rules, {"field": "household_size", "value": "many"}, "value", "5, 3-6 or 7+")
    refused(
        planner, rules, {"field": "eye_colour", "value": "brown"}, "field", "Select a valid choice"
    )
    refused(
        planner, rules, {"field": "admin_area", "value": ""}, "value", "This field is required."
    )
    # Steps out of turn are refused with a message, and change nothing: the ration comes
    # before the list is frozen, since it cannot change afterwards.
    before = written()
    page = step_refused(planner, f"{where}steps/generate/")
    assert "Freeze the beneficiary list first." in page
    page = step_refused(planner, f"{where}steps/freeze/", status=422)
    assert "Give the ration before freezing the beneficiary list." in page
    assert written() == before
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.PLANNING
    posted(planner, ration, {"commodity": flour.pk, "quantity": "50"})
    page = messages_after(planner, f"{where}steps/freeze/")
    assert "The beneficiary list is frozen." in page
    page = messages_after(planner, f"{where}steps/generate/")
    assert "Entitlements are generated." in page
    before = written()
    late = planner.post(ration, {"commodity": flour.pk, "quantity": "40"})
    assert late.status_code == 422 and "frozen already" in visible(late.content.decode())
    assert written() == before
    assert planner.post(f"{where}steps/teleport/").status_code == 302
    # Another country's planner cannot see it; the M&E officer cannot plan.
    assert client_for(office.me).post(f"{where}steps/freeze/").status_code == 403
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.FROZEN

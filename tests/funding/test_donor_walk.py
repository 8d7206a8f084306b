"""From reference data only: the programme officer at headquarters records Kazakhstan's money
through the pages and the API, an administrator invites Kazakhstan's focal point through the
pages, and the focal point follows the money (in English, Arabic and Russian), seeing its own
organisation's and nothing of another donor's, with figures that add up."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone, translation

from sunbula.core.figures import day
from sunbula.core.models import AuditEntry, Country, Organisation, User
from sunbula.core.worker import run_pending
from sunbula.funding.models import (
    Appeal,
    Commitment,
    DonorConference,
    Payment,
    Pledge,
    PledgeRevision,
)
from sunbula.funding.plugins import pledge_timeline
from sunbula.reports.models import ReportRun
from tests.conftest import PASSWORD, afresh, client_for, kept_for_the_module, sunbula_setup

pytestmark = pytest.mark.django_db
Captured = Callable[..., Any]
CENT = Decimal("0.01")
KAZAKHSTAN = "Government of the Republic of Kazakhstan"
SAUDI_ARABIA = "Kingdom of Saudi Arabia"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _invite(
    admin: Client,
    captured: Captured,
    email: str,
    role: str,
    organisation: Organisation,
    language: str = "en",
) -> Client:
    """The administrator invites through the pages and grants the role; the invitee chooses a
    password from the e-mailed link and signs in on the sign-in page."""
    mail.outbox.clear()
    with captured(execute=True):
        invited = admin.post(
            "/en/users/invite/",
            {"email": email, "full_name": email.split("@")[0], "preferred_language": language},
        )
    assert invited.status_code == 302
    user = User.objects.get(email=email)
    granted = admin.post(
        f"/en/users/{user.pk}/roles/", {"role": role, "organisation": organisation.pk}
    )
    assert granted.status_code == 302
    visitor = Client()
    accepted = visitor.post(
        _link(mail.outbox[-1]), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert accepted.status_code == 302
    signed_in = visitor.post("/en/accounts/login/", {"username": email, "password": PASSWORD})
    assert signed_in.status_code == 302
    return visitor


def _posted(client: Client, url: str, data: dict[str, Any]) -> Any:
    """A form sent through a page: saved, it goes on to the record (302)."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _api(client: Client, url: str, data: dict[str, Any], status: int = 201) -> Any:
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


@dataclass
class Walk:
    admin: Client
    officer: Client
    donor: Client
    kazakhstan: Organisation
    saudi_arabia: Organisation
    appeal: Appeal
    conference: DonorConference
    tenge: Pledge
    commitment: Commitment
    flour: Pledge
    saudi: Pledge


def _walked() -> Walk:
    after_setup = sunbula_setup()
    admin = client_for(after_setup.admin)
    iofs = after_setup.home
    # The programme officer at headquarters reads Russian: the API answers in it.
    officer = _invite(
        admin,
        TestCase.captureOnCommitCallbacks,
        "officer@example.org",
        "programme_officer",
        iofs,
        language="ru",
    )
    afghanistan = Country.objects.get(iso3="AFG")

    # The administrator records the tenge's rates; the officer, the donors.
    for valid_from, units in (("2025-01-01", "500"), ("2025-06-15", "520")):
        _posted(
            admin,
            "/en/exchange-rates/new/",
            {
                "currency": "KZT",
                "valid_from": valid_from,
                "units_per_usd": units,
                "source": "National Bank of Kazakhstan",
            },
        )
    for name, iso3 in ((KAZAKHSTAN, "KAZ"), (SAUDI_ARABIA, "SAU")):
        _posted(
            officer,
            "/en/organisations/new/",
            {
                "name": name,
                "kind": "government",
                "iati_type": "10",
                "country": Country.objects.get(iso3=iso3).pk,
            },
        )
    kazakhstan = Organisation.objects.get(name=KAZAKHSTAN)
    saudi_arabia = Organisation.objects.get(name=SAUDI_ARABIA)

    # An appeal on its page, the conference through the API, Kazakhstan's pledge captured on
    # the day, revised on its page, committed through the API, paid twice.
    _posted(
        officer,
        "/en/funding/appeals/new/",
        {
            "code": "AFG-HRP-2025",
            "name": "Afghanistan response plan 2025",
            "name_ar": "خطة الاستجابة لأفغانستان 2025",
            "name_ru": "План реагирования для Афганистана, 2025",
            "country": afghanistan.pk,
        },
    )
    appeal = Appeal.objects.get(code="AFG-HRP-2025")
    conference = _api(
        officer,
        "/api/v1/funding/conferences/",
        {
            "title": "Donor conference for Afghanistan",
            "title_translations": {
                "ar": "مؤتمر المانحين لأفغانستان",
                "ru": "Конференция доноров для Афганистана",
            },
            "country": "AFG",
            "appeal": appeal.pk,
            "co_hosts": [iofs.pk],
            "starts_on": "2025-03-01",
            "ends_on": "2025-03-01",
            "modality": "hybrid",
        },
    )
    _posted(
        officer,
        f"/en/funding/conferences/{conference['id']}/capture/",
        {
            "donor": kazakhstan.pk,
            "pledged_on": "2025-03-01",
            "amount": "500000000",
            "currency": "KZT",
            "country": afghanistan.pk,
            "contribution_type": "financial",
            "earmarking": "3",
            "budget_year": "2025",
        },
    )
    tenge = Pledge.objects.get(donor=kazakhstan)
    _posted(
        officer,
        f"/en/funding/pledges/{tenge.pk}/revise/",
        {"amount": "600000000", "revised_on": "2025-04-01", "reason": "Parliament approved more"},
    )
    commitment = _api(
        officer,
        "/api/v1/funding/commitments/",
        {"pledge": tenge.pk, "committed_on": "2025-05-01", "amount": "400000000"},
    )
    _posted(
        officer,
        f"/en/funding/pledges/{tenge.pk}/payments/",
        {
            "commitment": commitment["id"],
            "paid_on": "2025-06-01",
            "amount": "250000000",
            "currency": "KZT",
        },
    )
    _api(
        officer,
        "/api/v1/funding/payments/",
        {
            "commitment": commitment["id"],
            "paid_on": "2025-07-01",
            "amount": "100000000",
            "currency": "KZT",
        },
    )

    # Goods are pledged apart: Kazakhstan's wheat flour, committed and half delivered.
    _posted(
        officer,
        "/en/funding/pledges/new/",
        {
            "donor": kazakhstan.pk,
            "pledged_on": "2025-03-02",
            "amount": "450000",
            "currency": "USD",
            "country": afghanistan.pk,
            "contribution_type": "in_kind",
            "commodity": "Wheat flour",
            "quantity": "1000",
            "unit": "t",
            "earmarking": "3",
            "budget_year": "2025",
        },
    )
    flour = Pledge.objects.get(donor=kazakhstan, contribution_type="in_kind")
    _posted(
        officer,
        f"/en/funding/pledges/{flour.pk}/commitments/",
        {"committed_on": "2025-04-01", "amount": "450000", "quantity": "1000"},
    )
    _api(
        officer,
        "/api/v1/funding/payments/",
        {
            "commitment": flour.commitments.get().pk,
            "paid_on": "2025-05-01",
            "amount": "225000",
            "currency": "USD",
            "quantity": "500",
        },
    )

    # Another donor's money, which Kazakhstan's focal point must not see.
    saudi = _api(
        officer,
        "/api/v1/funding/pledges/",
        {
            "donor": saudi_arabia.pk,
            "conference": conference["id"],
            "pledged_on": "2025-03-01",
            "amount": "3750000",
            "currency": "SAR",
            "country": "AFG",
            "budget_year": 2025,
        },
    )
    _api(
        officer,
        "/api/v1/funding/commitments/",
        {"pledge": saudi["id"], "committed_on": "2025-03-15", "amount": "3750000"},
    )

    donor = _invite(
        admin,
        TestCase.captureOnCommitCallbacks,
        "focal.point@mfa.kz",
        "donor_viewer",
        kazakhstan,
    )
    return Walk(
        admin=admin,
        officer=officer,
        donor=donor,
        kazakhstan=kazakhstan,
        saudi_arabia=saudi_arabia,
        appeal=appeal,
        conference=DonorConference.objects.get(pk=conference["id"]),
        tenge=Pledge.objects.get(pk=tenge.pk),
        commitment=Commitment.objects.get(pk=commitment["id"]),
        flour=Pledge.objects.get(pk=flour.pk),
        saudi=Pledge.objects.get(pk=saudi["id"]),
    )


_walked_once = kept_for_the_module(_walked, name="_walked_once")


@pytest.fixture
def walk(_walked_once: Walk, db: None) -> Walk:
    return afresh(_walked_once)


def _usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENT, ROUND_HALF_EVEN)


def test_the_officer_records_kazakhstans_money_and_each_step_is_audited(walk: Walk) -> None:
    tenge = walk.tenge
    assert (tenge.currency.code, tenge.amount, tenge.units_per_usd) == (
        "KZT",
        Decimal("600000000.00"),
        Decimal(500),
    )
    assert [(r.number, r.amount) for r in tenge.revisions.order_by("number")] == [
        (1, Decimal("500000000.00")),
        (2, Decimal("600000000.00")),
    ]
    payments = list(Payment.objects.filter(commitment=walk.commitment).order_by("paid_on"))
    # Each payment at the rate of its day: 500 tenge to the dollar in June, 520 from mid-June.
    assert [(p.units_per_usd, p.amount_usd) for p in payments] == [
        (Decimal(500), Decimal("500000.00")),
        (Decimal(520), Decimal("192307.69")),
    ]
    (received,) = Payment.objects.filter(commitment__pledge=walk.flour)
    assert received.quantity == Decimal(500)
    officer = User.objects.get(email="officer@example.org")
    actions = set(AuditEntry.objects.filter(actor=officer).values_list("action", flat=True))
    assert {
        "funding.appeal.created",
        "funding.donorconference.created",
        "funding.pledge.recorded",
        "funding.pledge.revised",
        "funding.commitment.created",
        "funding.payment.created",
    } <= actions


# The focal point signs in and follows the money.


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def _own_pages(walk: Walk) -> dict[str, str]:
    flour_payment = Payment.objects.get(commitment__pledge=walk.flour)
    return {
        "home": "/",
        "funding overview": "/funding/",
        "pledge list": "/funding/pledges/",
        "pledge": f"/funding/pledges/{walk.tenge.pk}/",
        "in-kind pledge": f"/funding/pledges/{walk.flour.pk}/",
        "commitment": f"/funding/commitments/{walk.commitment.pk}/",
        "contribution in kind": f"/funding/payments/{flour_payment.pk}/",
        "trace": f"/assistance/trace/pledges/{walk.tenge.pk}/",
        "conference": f"/funding/conferences/{walk.conference.pk}/",
        "announcements": f"/funding/conferences/{walk.conference.pk}/announcements/",
        "donor": f"/funding/donors/{walk.kazakhstan.pk}/",
        "reports": "/reports/runs/",
        "country dashboard": "/reports/dashboards/countries/AFG/",
    }


def test_the_focal_point_sees_its_own_money_and_nothing_of_another_donors(walk: Walk) -> None:
    saudi_commitment = walk.saudi.commitments.get()
    for name, path in _own_pages(walk).items():
        response = walk.donor.get(f"/en{path}")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert walk.saudi.reference not in html, name
        # Saudi Arabia's 3,750,000 riyals (a million dollars, all committed) are not in the
        # totals: with them, 2,650,000 dollars would be pledged and 2,250,000 committed.
        for figure in ("3,750,000", "2,650,000", "2,250,000"):
            assert figure not in html, (name, figure)
    pledge_list = walk.donor.get("/en/funding/pledges/").content.decode()
    assert walk.tenge.reference in pledge_list and walk.flour.reference in pledge_list
    for path in (
        f"/en/funding/pledges/{walk.saudi.pk}/",
        f"/en/funding/commitments/{saudi_commitment.pk}/",
        f"/en/assistance/trace/pledges/{walk.saudi.pk}/",
        f"/api/v1/funding/pledges/{walk.saudi.pk}/",
        f"/api/v1/funding/commitments/{saudi_commitment.pk}/",
    ):
        assert walk.donor.get(path).status_code == 404, path
    pledges = walk.donor.get("/api/v1/funding/pledges/").json()["results"]
    assert {row["reference"] for row in pledges} == {walk.tenge.reference, walk.flour.reference}
    commitments = walk.donor.get("/api/v1/funding/commitments/").json()["results"]
    assert {row["pledge"] for row in commitments} == {walk.tenge.pk, walk.flour.pk}
    payments = walk.donor.get("/api/v1/funding/payments/").json()["results"]
    assert {row["currency"] for row in payments} == {"KZT", "USD"} and len(payments) == 3
    others = walk.donor.get(f"/api/v1/funding/pledges/?donor={walk.saudi_arabia.pk}").json()
    assert others["count"] == 0


def test_the_focal_point_downloads_its_lists(walk: Walk) -> None:
    pledges_csv = _body(walk.donor.get("/en/funding/pledges/?format=csv"))
    rows = list(csv.DictReader(io.StringIO(pledges_csv)))
    assert {row["Reference"] for row in rows} == {walk.tenge.reference, walk.flour.reference}
    tenge = next(row for row in rows if row["Reference"] == walk.tenge.reference)
    # Every amount with its two places, whatever the database returns for a sum.
    assert (tenge["Pledged"], tenge["Committed"], tenge["Paid"], tenge["Currency"]) == (
        "600000000.00",
        "400000000.00",
        "350000000.00",
        "KZT",
    )
    xlsx = walk.donor.get("/en/funding/pledges/?format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert {row[0] for row in cells[1:]} == {walk.tenge.reference, walk.flour.reference}
    conferences = _body(walk.donor.get("/en/funding/conferences/?format=csv"))
    assert "Donor conference for Afghanistan" in conferences
    flows = _body(walk.donor.get("/en/funding/exports/fts-flows.csv"))
    assert walk.tenge.reference in flows and walk.saudi.reference not in flows
    assert SAUDI_ARABIA not in flows


def _plain(html: str) -> str:
    """A page's figures as a reader sees them: without their isolating <bdi>, with plain
    spaces for the no-break spaces between digits and currency."""
    return re.sub(r"</?bdi>", "", html).replace("\xa0", " ").replace("\u202f", " ")


def _figures(html: str) -> dict[str, Decimal]:
    """The report's summary figures (the first of each name), as numbers."""
    found: dict[str, Decimal] = {}
    for name, text in re.findall(r'data-figure="([a-z_]+)">([^<]*)<', _plain(html)):
        found.setdefault(name, Decimal(re.sub(r"[^\d.]", "", text) or "0"))
    return found


def test_the_focal_point_gets_the_donor_report_of_its_own_money(walk: Walk) -> None:
    asked = walk.donor.post(
        "/en/reports/runs/donor/", {"donor": walk.kazakhstan.pk, "language": "en"}
    )
    assert asked.status_code == 302
    run = ReportRun.objects.get()
    assert run_pending() == 1
    run.refresh_from_db()
    assert run.status == "done"
    html = _body(walk.donor.get(f"/en/reports/runs/{run.pk}/report.html"))
    pdf = walk.donor.get(f"/en/reports/runs/{run.pk}/report.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert walk.tenge.reference in html and walk.flour.reference in html
    assert walk.saudi.reference not in html and SAUDI_ARABIA not in html
    figures = _figures(html)
    # 600 million tenge at 500 to the dollar, and the wheat flour's 450,000 dollars.
    assert figures["pledged_usd"] == Decimal("1650000.00")
    assert figures["committed_usd"] == Decimal("1250000.00")
    # Paid in cash at the rate of each payment's day, apart from what was given in kind.
    assert figures["paid_usd"] == Decimal("692307.69")
    assert figures["in_kind_usd"] == Decimal("225000.00")
    assert figures["pledges"] == 2

    # Another donor, or another donor's pledge, is refused on its field.
    before = ReportRun.objects.count()
    other = walk.donor.post(
        "/ru/reports/runs/donor/", {"donor": walk.saudi_arabia.pk, "language": "ru"}
    )
    assert other.status_code == 422
    assert "обещания которого вам доступны" in other.context["donor_form"].errors["donor"][0]
    foreign = walk.donor.post(
        "/ru/reports/runs/donor/",
        {"donor": walk.kazakhstan.pk, "pledge": walk.saudi.pk, "language": "ru"},
    )
    assert foreign.status_code == 422 and "pledge" in foreign.context["donor_form"].errors
    empty = walk.donor.post("/ru/reports/runs/donor/", {})
    assert empty.status_code == 422
    assert set(empty.context["donor_form"].errors) == {"donor", "language"}
    assert ReportRun.objects.count() == before


def test_the_figures_add_up(walk: Walk) -> None:
    """paid ≤ committed ≤ pledged for every pledge, and each dollar figure is its amount at
    its rate; the pages add up the same records."""
    for pledge in walk.donor.get("/api/v1/funding/pledges/").json()["results"]:
        amount, rate = Decimal(pledge["amount"]), Decimal(pledge["units_per_usd"])
        assert Decimal(pledge["paid"]) <= Decimal(pledge["committed"]) <= amount
        assert Decimal(pledge["amount_usd"]) == _usd(amount, rate)
    for kind in ("commitments", "payments"):
        for row in walk.donor.get(f"/api/v1/funding/{kind}/").json()["results"]:
            amount, rate = Decimal(row["amount"]), Decimal(row["units_per_usd"])
            assert Decimal(row["amount_usd"]) == _usd(amount, rate)
    pledged = sum(
        (pledge.amount_usd for pledge in Pledge.objects.filter(donor=walk.kazakhstan)), Decimal(0)
    )
    committed = sum(
        (c.amount_usd for c in Commitment.objects.filter(pledge__donor=walk.kazakhstan)),
        Decimal(0),
    )
    paid = sum(
        (p.amount_usd for p in Payment.objects.filter(commitment__pledge__donor=walk.kazakhstan)),
        Decimal(0),
    )
    assert (pledged, committed, paid) == (
        Decimal("1650000.00"),
        Decimal("1250000.00"),
        Decimal("917307.69"),
    )
    overview = _plain(walk.donor.get("/en/funding/").content.decode())
    assert "1,650,000.00" in overview and "1,250,000.00" in overview
    assert "917,307.69" in overview
    home = _plain(walk.donor.get("/en/").content.decode())
    for figure in ("1,650,000", "1,250,000", "917,308"):
        assert f">{figure}<" in home
    # The tenge pledge waits for its last 200 million: the alert opens the list that says so.
    assert '<a href="/en/funding/">Pledges not committed after 90 days</a>' in home
    assert "KZT 200,000,000.00 of KZT 600,000,000.00" in overview

    # The pledge's page says what is committed and paid beside what is left.
    page = _plain(walk.donor.get(f"/en/funding/pledges/{walk.tenge.pk}/").content.decode())
    assert "<dt>Committed</dt><dd>KZT 400,000,000.00 · USD 800,000.00</dd>" in page
    assert "<dt>Paid</dt><dd>KZT 350,000,000.00 · USD 692,307.69</dd>" in page
    assert "<dt>Outstanding</dt><dd>KZT 200,000,000.00 · 67% converted</dd>" in page
    # The second payment came at 520 tenge to the dollar: 7,692.31 dollars less than at the
    # pledge's 500.
    assert ">-7,692.31<" in page


def test_a_donors_timeline_gives_each_pledge_in_the_readers_figures(walk: Walk) -> None:
    officer = User.objects.get(email="officer@example.org")
    with translation.override("ru"):
        titles = {entry.title for entry in pledge_timeline(officer, walk.kazakhstan)}
    assert f"{walk.tenge.reference} · \u2068600\xa0000\xa0000,00\xa0KZT\u2069" in titles


def test_a_cancelled_pledge_counts_alike_on_the_home_page_and_the_funding_overview(
    walk: Walk,
) -> None:
    revised = _api(
        walk.officer,
        f"/api/v1/funding/pledges/{walk.tenge.pk}/revise/",
        {"amount": "650000000", "revised_on": "2025-08-01", "reason": "Second tranche"},
        status=200,
    )
    assert (revised["amount"], revised["amount_usd"], revised["committed"]) == (
        "650000000.00",
        "1300000.00",
        "400000000.00",
    )
    cancelled = _api(
        walk.officer,
        f"/api/v1/funding/pledges/{walk.tenge.pk}/cancel/",
        {"cancelled_on": "2025-09-01", "reason": "Budget cut"},
        status=200,
    )
    # What was committed stands; the rest is withdrawn.
    assert (cancelled["status"], cancelled["amount"]) == ("cancelled", "400000000.00")
    actions = AuditEntry.objects.filter(object_id=str(walk.tenge.pk)).values_list(
        "action", flat=True
    )
    assert {"funding.pledge.revised", "funding.pledge.cancelled"} <= set(actions)
    assert walk.tenge.revisions.count() == 4
    # 400 million tenge at the pledge's 500 (800,000 dollars) with the flour's 450,000; the
    # 692,307.69 dollars paid against it were received and count on both pages.
    overview = _plain(walk.donor.get("/en/funding/").content.decode())
    home = _plain(walk.donor.get("/en/").content.decode())
    assert ">1,250,000.00<" in overview and ">917,307.69<" in overview
    assert ">1,250,000<" in home and ">917,308<" in home


# Bad input at each step: a 4xx naming the field, in the reader's language, nothing written.


def _written() -> tuple[int, ...]:
    return (
        Appeal.objects.count(),
        DonorConference.objects.count(),
        Pledge.objects.count(),
        PledgeRevision.objects.count(),
        Commitment.objects.count(),
        Payment.objects.count(),
        AuditEntry.objects.count(),
    )


def _pledge_form(walk: Walk, **changes: object) -> dict[str, object]:
    return {
        "donor": walk.kazakhstan.pk,
        "pledged_on": "2025-03-01",
        "amount": "1000000",
        "currency": "KZT",
        "country": Country.objects.get(iso3="AFG").pk,
        "contribution_type": "financial",
        "earmarking": "3",
        "budget_year": "2025",
        **changes,
    }


def _payment_form(walk: Walk, **changes: object) -> dict[str, object]:
    return {
        "commitment": walk.commitment.pk,
        "paid_on": "2025-08-01",
        "amount": "1000",
        "currency": "KZT",
        **changes,
    }


NEXT_YEAR = str(timezone.localdate().year + 1)
FUTURE = "Эта дата ещё не наступила"
ABOVE_ZERO = "больше нуля"
REQUIRED = "Обязательное поле"
NOT_A_CHOICE = "Выберите корректный вариант"


# (what is sent, to which page, the form on it, the field, part of the Russian message); an
# empty form is sent as a browser sends it, each of its fields empty.
PAGE_CASES: list[tuple[str, str, Callable[[Walk], dict[str, object]], str, str, str]] = [
    ("empty pledge", "pledges/new/", lambda walk: {"donor": ""}, "form", "amount", REQUIRED),
    (
        "negative pledge",
        "pledges/new/",
        lambda walk: _pledge_form(walk, amount="-5"),
        "form",
        "amount",
        ABOVE_ZERO,
    ),
    (
        "pledge in an unknown currency",
        "pledges/new/",
        lambda walk: _pledge_form(walk, currency="XYZ"),
        "form",
        "currency",
        NOT_A_CHOICE,
    ),
    (
        "pledge not yet made",
        "pledges/new/",
        lambda walk: _pledge_form(walk, pledged_on=f"{NEXT_YEAR}-01-01"),
        "form",
        "pledged_on",
        FUTURE,
    ),
    (
        "pledge before the tenge had a rate",
        "pledges/new/",
        lambda walk: _pledge_form(walk, pledged_on="2024-12-31"),
        "form",
        "pledged_on",
        "Нет обменного курса",
    ),
    (
        "pledge from a donor that is not an id",
        "pledges/new/",
        lambda walk: _pledge_form(walk, donor="abc"),
        "form",
        "donor",
        NOT_A_CHOICE,
    ),
    (
        "revision below what is committed",
        "pledges/{tenge}/revise/",
        lambda walk: {"amount": "100", "revised_on": "2025-08-01"},
        "revision_form",
        "amount",
        "обещайте не меньше",
    ),
    (
        "revision not yet made",
        "pledges/{tenge}/revise/",
        lambda walk: {"amount": "700000000", "revised_on": f"{NEXT_YEAR}-01-01"},
        "revision_form",
        "revised_on",
        FUTURE,
    ),
    (
        "empty revision",
        "pledges/{tenge}/revise/",
        lambda walk: {"reason": ""},
        "revision_form",
        "amount",
        REQUIRED,
    ),
    (
        "commitment beyond the pledge",
        "pledges/{tenge}/commitments/",
        lambda walk: {"committed_on": "2025-08-01", "amount": "200000001"},
        "commitment_form",
        "amount",
        "осталось принять обязательств лишь на",
    ),
    (
        "negative commitment",
        "pledges/{tenge}/commitments/",
        lambda walk: {"committed_on": "2025-08-01", "amount": "-1"},
        "commitment_form",
        "amount",
        ABOVE_ZERO,
    ),
    (
        "payment beyond the commitment",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, amount="50000001"),
        "payment_form",
        "amount",
        "не оплачено лишь",
    ),
    (
        "payment in another currency than the pledge's",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, currency="SAR"),
        "payment_form",
        "currency",
        "в валюте обещания, KZT",
    ),
    (
        "payment in an unknown currency",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, currency="XYZ"),
        "payment_form",
        "currency",
        NOT_A_CHOICE,
    ),
    (
        "payment not yet received",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, paid_on=f"{NEXT_YEAR}-01-01"),
        "payment_form",
        "paid_on",
        FUTURE,
    ),
    (
        "goods received on a cash pledge",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, quantity="5"),
        "payment_form",
        "quantity",
        "натуральной форме",
    ),
    (
        "payment on a commitment that is not an id",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, commitment="abc"),
        "payment_form",
        "commitment",
        NOT_A_CHOICE,
    ),
    (
        "payment on another donor's commitment",
        "pledges/{tenge}/payments/",
        lambda walk: _payment_form(walk, commitment=walk.saudi.commitments.get().pk),
        "payment_form",
        "commitment",
        NOT_A_CHOICE,
    ),
    (
        "empty appeal",
        "appeals/new/",
        lambda walk: {"code": ""},
        "form",
        "country",
        REQUIRED,
    ),
]


def test_bad_input_on_the_pages_is_refused_on_its_field_in_russian(walk: Walk) -> None:
    for case, path, data, form, field, russian in PAGE_CASES:
        before = _written()
        url = "/ru/funding/" + path.format(tenge=walk.tenge.pk)
        response = walk.officer.post(url, data(walk))
        assert response.status_code == 422, case
        errors = response.context[form].errors
        assert field in errors, (case, errors)
        assert russian in " ".join(errors[field]), (case, errors)
        assert russian in response.content.decode(), case
        assert _written() == before, case


API_CASES: list[tuple[str, str, Callable[[Walk], dict[str, object]], str, str]] = [
    ("empty pledge", "pledges/", lambda walk: {}, "amount", REQUIRED),
    (
        "negative pledge",
        "pledges/",
        lambda walk: {
            "donor": walk.kazakhstan.pk,
            "pledged_on": "2025-03-01",
            "amount": "-5",
            "currency": "KZT",
            "country": "AFG",
            "budget_year": 2025,
        },
        "amount",
        ABOVE_ZERO,
    ),
    (
        "pledge in an unknown currency",
        "pledges/",
        lambda walk: {
            "donor": walk.kazakhstan.pk,
            "pledged_on": "2025-03-01",
            "amount": "5",
            "currency": "XYZ",
            "country": "AFG",
            "budget_year": 2025,
        },
        "currency",
        "XYZ",
    ),
    (
        "revision not yet made",
        "pledges/{tenge}/revise/",
        lambda walk: {"amount": "700000000", "revised_on": f"{NEXT_YEAR}-01-01"},
        "revised_on",
        FUTURE,
    ),
    ("empty revision", "pledges/{tenge}/revise/", lambda walk: {}, "amount", REQUIRED),
    (
        "negative revision",
        "pledges/{tenge}/revise/",
        lambda walk: {"amount": "-1", "revised_on": "2025-08-01"},
        "amount",
        ABOVE_ZERO,
    ),
    (
        "cancellation before the pledge",
        "pledges/{tenge}/cancel/",
        lambda walk: {"cancelled_on": "2025-01-01"},
        "cancelled_on",
        "раньше обещания",
    ),
    (
        "commitment on a pledge that is not an id",
        "commitments/",
        lambda walk: {"pledge": "abc", "committed_on": "2025-08-01", "amount": "1"},
        "pledge",
        "",
    ),
    (
        "commitment beyond the pledge",
        "commitments/",
        lambda walk: {"pledge": walk.tenge.pk, "committed_on": "2025-08-01", "amount": "200000001"},
        "amount",
        "осталось принять обязательств лишь на",
    ),
    (
        "commitment not yet made",
        "commitments/",
        lambda walk: {"pledge": walk.tenge.pk, "committed_on": f"{NEXT_YEAR}-01-01", "amount": "1"},
        "committed_on",
        FUTURE,
    ),
    (
        "payment beyond the commitment",
        "payments/",
        lambda walk: _payment_form(walk, amount="50000001"),
        "amount",
        "не оплачено лишь",
    ),
    (
        "payment in an unknown currency",
        "payments/",
        lambda walk: _payment_form(walk, currency="XYZ"),
        "currency",
        "XYZ",
    ),
    (
        "payment not yet received",
        "payments/",
        lambda walk: _payment_form(walk, paid_on=f"{NEXT_YEAR}-01-01"),
        "paid_on",
        FUTURE,
    ),
    (
        "payment on a commitment that does not exist",
        "payments/",
        lambda walk: _payment_form(
            walk, commitment=Commitment.objects.order_by("pk").last().pk + 1
        ),
        "commitment",
        "",
    ),
    ("empty conference", "conferences/", lambda walk: {}, "starts_on", REQUIRED),
    (
        "conference ending before it starts",
        "conferences/",
        lambda walk: {
            "title": "Later",
            "country": "AFG",
            "starts_on": "2025-05-02",
            "ends_on": "2025-05-01",
            "modality": "online",
        },
        "ends_on",
        "",
    ),
    ("empty appeal", "appeals/", lambda walk: {}, "code", REQUIRED),
]


def test_bad_input_to_the_api_is_refused_on_its_field_in_russian(walk: Walk) -> None:
    for case, path, data, field, russian in API_CASES:
        before = _written()
        url = "/api/v1/funding/" + path.format(tenge=walk.tenge.pk)
        response = walk.officer.post(url, data(walk), content_type="application/json")
        assert response.status_code == 400, (case, response.content.decode())
        answer = response.json()
        assert field in answer, (case, answer)
        assert russian in " ".join(answer[field]), (case, answer)
        assert _written() == before, case


def test_a_reader_is_refused_every_write_before_its_body_is_read(walk: Walk) -> None:
    before = _written()
    for path in ("pledges/", "commitments/", "payments/", "appeals/", "requirements/"):
        response = walk.donor.post(f"/api/v1/funding/{path}", {}, content_type="application/json")
        assert response.status_code == 403, path
    for path in (f"pledges/{walk.tenge.pk}/revise/", f"pledges/{walk.tenge.pk}/cancel/"):
        response = walk.donor.post(f"/api/v1/funding/{path}", {}, content_type="application/json")
        assert response.status_code == 403, path
    refused = walk.donor.post(
        f"/en/funding/pledges/{walk.tenge.pk}/revise/",
        {"amount": "1", "revised_on": "2025-08-01"},
    )
    assert refused.status_code == 403
    page = walk.donor.get(f"/en/funding/pledges/{walk.tenge.pk}/").content.decode()
    assert "<form" not in page.split("<main", 1)[1]
    assert _written() == before


def test_an_in_kind_pledge_shows_its_goods_and_keeps_at_least_what_arrived(walk: Walk) -> None:
    page = _plain(walk.donor.get(f"/en/funding/pledges/{walk.flour.pk}/").content.decode())
    # Dollars are not converted into dollars; the goods committed and received are shown.
    assert "<dd>USD 450,000.00</dd>" in page and "1 USD per USD" not in page
    assert "<dt>Committed</dt><dd>USD 450,000.00 · 1,000 t</dd>" in page
    assert "<dt>Given in kind</dt><dd>USD 225,000.00 · 500 t</dd>" in page
    assert "<td>500 t</td>" in page

    # Goods committed without a quantity, 80 t of 100 received: the pledge cannot be
    # corrected to fewer tonnes than arrived, on the page nor through the API.
    officer = walk.officer
    _posted(
        officer,
        "/en/funding/pledges/new/",
        _pledge_form(
            walk,
            amount="100000",
            currency="USD",
            contribution_type="in_kind",
            commodity="Wheat flour",
            quantity="100",
            unit="t",
        ),
    )
    small = Pledge.objects.get(amount=Decimal(100000))
    _posted(
        officer,
        f"/en/funding/pledges/{small.pk}/commitments/",
        {"committed_on": "2025-04-01", "amount": "100000"},
    )
    _posted(
        officer,
        f"/en/funding/pledges/{small.pk}/payments/",
        {
            "commitment": small.commitments.get().pk,
            "paid_on": "2025-05-01",
            "amount": "80000",
            "currency": "USD",
            "quantity": "80",
        },
    )
    before = _written()
    page_answer = officer.post(
        f"/ru/funding/pledges/{small.pk}/edit/",
        {"earmarking": "3", "commodity": "WHEAT-FLOUR", "quantity": "50", "unit": "t"},
    )
    assert page_answer.status_code == 422
    assert "Уже получено" in page_answer.context["form"].errors["quantity"][0]
    api_answer = officer.patch(
        f"/api/v1/funding/pledges/{small.pk}/", {"quantity": "50"}, content_type="application/json"
    )
    assert api_answer.status_code == 400
    assert "Уже получено" in api_answer.json()["quantity"][0]
    assert _written() == before
    small.refresh_from_db()
    assert small.quantity == Decimal(100)


# In Arabic and Russian: figures as the language writes them, and nothing left in English.

# What people typed (names, references, reasons), codes and the names of languages in the
# language switcher: the only Latin text an Arabic or Russian page may show.
TYPED = re.compile(
    r"SUN-PL-[0-9A-F]+|Government of the Republic of Kazakhstan|Wheat flour|"
    r"Parliament approved more|focal\.point|\b(?:KZT|USD|SAR|IOFS|UTC|CSV|XLSX|FTS|PDF|HTML|API)\b|"
    r"English|français"
)


def _english_left(html: str) -> set[str]:
    """Text a reader sees (and titles and labels of controls) with Latin words in it; the
    options of a filter are reference data (countries), named by core's catalogue."""
    body = re.sub(r"<(script|style|option)\b.*?</\1>", "", html, flags=re.S)
    shown = re.findall(r">([^<]+)<", body)
    shown += re.findall(r'(?:title|aria-label|placeholder)="([^"]+)"', body)
    return {text.strip() for text in shown if re.search(r"[A-Za-z]{2,}", TYPED.sub("", text))}


@pytest.mark.parametrize(
    ("language", "direction", "amount", "date", "outstanding"),
    [
        (
            "ar",
            "rtl",
            "\u200f600,000,000.00 KZT",
            "01\u200f/03\u200f/2025",
            "\u200f200,000,000.00 KZT من أصل \u200f600,000,000.00 KZT",
        ),
        (
            "ru",
            "ltr",
            "600 000 000,00 KZT",
            "1 мар. 2025 г.",
            "200 000 000,00 KZT из 600 000 000,00 KZT",
        ),
    ],
)
def test_the_focal_points_pages_read_in_arabic_and_russian(
    walk: Walk, language: str, direction: str, amount: str, date: str, outstanding: str
) -> None:
    walk.donor.get(f"/{language}/")  # the welcome after setting a password is read once
    for name, path in _own_pages(walk).items():
        html = walk.donor.get(f"/{language}{path}").content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html, name
        assert not _english_left(html), (name, _english_left(html))
    pledge = _plain(
        walk.donor.get(f"/{language}/funding/pledges/{walk.tenge.pk}/").content.decode()
    )
    assert amount in pledge and date in pledge
    overview = _plain(walk.donor.get(f"/{language}/funding/").content.decode())
    assert outstanding in overview
    # A payment's heading gives its date as the rest of the page does.
    flour_payment = Payment.objects.get(commitment__pledge=walk.flour)
    payment = _plain(
        walk.donor.get(f"/{language}/funding/payments/{flour_payment.pk}/").content.decode()
    )
    heading = re.search(r"<h1>(.*?)</h1>", payment)
    assert heading
    with translation.override(language):
        paid_on = _plain(day(flour_payment.paid_on, html=False).strip("\u2068\u2069"))
    assert paid_on in heading.group(1)

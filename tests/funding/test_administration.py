"""Conferences, appeals and requirements are created and edited from the pages and the API;
pledges and payments are corrected there; every write is scoped and audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.funding import services
from sunbula.funding.models import Appeal, DonorConference, FundingRequirement, Payment, Pledge
from sunbula.partners import services as partner_services
from sunbula.supply.models import Commodity
from tests.conftest import World, client_for, flour_upsert
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def _unama(world: World) -> int:
    return core_services.organisation_create(
        actor=None,
        name="United Nations Assistance Mission in Afghanistan",
        acronym="UNAMA",
        kind="un_agency",
        iati_type="40",
    ).pk


def test_an_officer_creates_a_conference_co_hosted_with_unama(
    officer_afg: User, world: World
) -> None:
    unama = _unama(world)
    response = client_for(officer_afg).post(
        "/en/funding/conferences/new/",
        {
            "title": "Donor Conference for Humanitarian Food Assistance to Afghanistan",
            "title_ar": "مؤتمر المانحين",
            "country": world.afghanistan.pk,
            "co_hosts": [world.iofs.pk, unama],
            "starts_on": "2025-05-20",
            "ends_on": "2025-05-21",
            "modality": "hybrid",
            "venue": "Astana",
        },
    )
    conference = DonorConference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conference.get_absolute_url()
    assert set(conference.co_hosts.values_list("acronym", flat=True)) == {"IOFS", "UNAMA"}
    assert conference.title_translations == {"ar": "مؤتمر المانحين"}
    entry = AuditEntry.objects.get(action="funding.donorconference.created")
    assert entry.actor == officer_afg


def test_htmx_validation_writes_nothing(officer_afg: User, world: World) -> None:
    entries = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        "/en/funding/conferences/new/?validate=1",
        {"title": "", "country": world.afghanistan.pk, "starts_on": "2025-05-21"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<form") and "This field is required." in html
    assert not DonorConference.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_dates_out_of_order_are_refused_with_a_message(officer_afg: User, world: World) -> None:
    response = client_for(officer_afg).post(
        "/en/funding/conferences/new/",
        {
            "title": "Late",
            "country": world.afghanistan.pk,
            "starts_on": "2025-05-21",
            "ends_on": "2025-05-20",
            "modality": "online",
        },
    )
    assert response.status_code == 422
    assert not DonorConference.objects.exists()


def test_a_conference_outside_the_officers_countries_cannot_be_edited(
    officer_kaz: User, officer_afg: User, money: Money, world: World
) -> None:
    path = f"/en/funding/conferences/{money.conference.pk}/edit/"
    assert client_for(officer_kaz).get(path).status_code == 404
    response = client_for(officer_afg).post(
        path,
        {
            "title": "Donor conference for Afghanistan",
            "country": world.afghanistan.pk,
            "co_hosts": [world.iofs.pk, _unama(world)],
            "starts_on": "2024-03-01",
            "ends_on": "2024-03-02",
            "modality": "hybrid",
            "venue": "Astana",
        },
    )
    assert response.status_code == 302
    money.conference.refresh_from_db()
    assert (money.conference.venue, money.conference.ends_on) == ("Astana", D(2024, 3, 2))
    assert money.conference.co_hosts.count() == 2


def test_conference_list_filters_and_searches(officer_afg: User, money: Money) -> None:
    client = client_for(officer_afg)
    html = client.get("/en/funding/conferences/?q=Afghanistan&modality=hybrid").content.decode()
    assert "Donor conference for Afghanistan" in html
    html = client.get("/en/funding/conferences/?modality=online").content.decode()
    assert "Donor conference for Afghanistan" not in html


def test_appeals_and_requirements_from_the_pages(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    response = client.post(
        "/en/funding/appeals/new/",
        {
            "code": "HRP-AFG-2025",
            "name": "Afghanistan response plan 2025",
            "country": world.afghanistan.pk,
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    response = client.post(
        "/en/funding/requirements/new/",
        {
            "country": world.afghanistan.pk,
            "appeal": appeal.pk,
            "year": 2025,
            "amount_usd": "2500000",
        },
    )
    requirement = FundingRequirement.objects.get()
    assert response.status_code == 302
    assert requirement.appeal == appeal
    response = client.post(
        f"/en/funding/requirements/{requirement.pk}/edit/",
        {
            "country": world.afghanistan.pk,
            "appeal": appeal.pk,
            "year": 2025,
            "amount_usd": "3000000",
        },
    )
    requirement.refresh_from_db()
    assert requirement.amount_usd == Decimal(3000000)
    html = client.get(appeal.get_absolute_url()).content.decode()
    assert "3,000,000.00" in html
    assert "HRP-AFG-2025" in client.get("/en/funding/appeals/?q=HRP").content.decode()
    assert "HRP-AFG-2025" in client.get("/en/funding/requirements/?year=2025").content.decode()
    # An officer for Afghanistan may not place a requirement in Kazakhstan.
    refused = client.post(
        "/en/funding/requirements/new/",
        {"country": world.kazakhstan.pk, "year": 2025, "amount_usd": "1"},
    )
    assert refused.status_code == 422
    assert FundingRequirement.objects.count() == 1


def test_an_unmatched_in_kind_commodity_is_corrected_so_it_can_be_received(
    officer_afg: User, world: World, money: Money
) -> None:
    flour = flour_upsert()
    pledge = kzt_pledge(
        world,
        money,
        contribution_type="in_kind",
        commodity="farine",
        quantity=Decimal(30),
        unit="t",
    )
    client = client_for(officer_afg)
    assert "cannot be received into stock" in client.get(pledge.get_absolute_url()).content.decode()
    partner = partner_services.partner_create(
        actor=officer_afg, organisation=world.kazakhstan_government, roles=["donor"]
    )
    contact = partner_services.focal_point_add(
        actor=officer_afg,
        partner=partner,
        title="Deputy Minister of Agriculture",
        organisation=world.kazakhstan_government,
    )
    response = client.post(
        f"/en/funding/pledges/{pledge.pk}/edit/",
        {
            "focal_point": contact.pk,
            "earmarking": "3",
            "commodity": flour.code,
            "quantity": "30",
            "unit": "t",
        },
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.commodity, pledge.focal_point) == ("Wheat flour", contact)
    assert "cannot be received" not in client.get(pledge.get_absolute_url()).content.decode()
    assert Commodity.objects.filter(name__iexact=pledge.commodity).exists()


def test_a_payment_is_corrected_then_cancelled(
    officer_afg: User, world: World, money: Money
) -> None:
    pledge = kzt_pledge(world, money)
    commitment = services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2024, 3, 2), amount=Decimal(1000000)
    )
    payment = services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2024, 3, 3),
        amount=Decimal(500000),
        currency=money.kzt,
    )
    client = client_for(officer_afg)
    too_much = client.post(
        f"/en/funding/payments/{payment.pk}/edit/",
        {"paid_on": "2024-07-02", "amount": "2000000"},
    )
    assert too_much.status_code == 422
    assert "are unpaid" in too_much.content.decode()
    response = client.post(
        f"/en/funding/payments/{payment.pk}/edit/", {"paid_on": "2024-07-02", "amount": "480000"}
    )
    assert response.status_code == 302 and response["Location"] == pledge.get_absolute_url()
    payment.refresh_from_db()
    # The rate follows the new date: 480 tenge per dollar from July.
    assert (payment.amount_usd, payment.units_per_usd) == (Decimal("1000.00"), Decimal(480))
    assert (
        client.post(f"/en/funding/payments/{payment.pk}/cancel/", {"reason": ""}).status_code == 422
    )
    response = client.post(
        f"/en/funding/payments/{payment.pk}/cancel/", {"reason": "Recorded twice"}
    )
    assert response.status_code == 302
    assert not Payment.objects.exists()
    entry = AuditEntry.objects.get(action="funding.payment.cancelled")
    assert entry.after == {"reason": "Recorded twice"} and entry.before["amount"] == "480000.00"


def test_the_api_creates_and_corrects_funding_records(
    officer_afg: User, officer_kaz: User, world: World, money: Money
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/funding/conferences/",
        {
            "title": "Pledging conference",
            "country": "AFG",
            "co_hosts": [world.iofs.pk],
            "starts_on": "2025-06-01",
            "ends_on": "2025-06-01",
            "modality": "online",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/v1/funding/conferences/{pk}/", {"venue": "Jeddah"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["venue"] == "Jeddah"
    assert (
        client.put(
            f"/api/v1/funding/conferences/{pk}/", {}, content_type="application/json"
        ).status_code
        == 405
    )
    outside = client_for(officer_kaz).patch(
        f"/api/v1/funding/conferences/{pk}/", {"venue": "x"}, content_type="application/json"
    )
    assert outside.status_code == 404
    refused = client_for(officer_kaz).post(
        "/api/v1/funding/appeals/",
        {"code": "X", "name": "X", "country": "AFG"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    appeal = client.post(
        "/api/v1/funding/appeals/",
        {"code": "HRP-AFG", "name": "Response plan", "country": "AFG"},
        content_type="application/json",
    )
    assert appeal.status_code == 201
    requirement = client.post(
        "/api/v1/funding/requirements/",
        {"country": "AFG", "appeal": appeal.json()["id"], "year": 2025, "amount_usd": "100.00"},
        content_type="application/json",
    )
    assert requirement.status_code == 201, requirement.json()
    pledge = kzt_pledge(world, money)
    corrected = client.patch(
        f"/api/v1/funding/pledges/{pledge.pk}/",
        {"earmarking": "1"},
        content_type="application/json",
    )
    assert corrected.status_code == 200 and corrected.json()["earmarking"] == "1"
    wrong = client.patch(
        f"/api/v1/funding/pledges/{pledge.pk}/",
        {"commodity": "Rice"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert Pledge.objects.get(pk=pledge.pk).commodity == ""


def test_the_schema_documents_only_what_answers(officer_afg: User) -> None:
    paths = client_for(officer_afg).get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/funding/conferences/",
        "/api/v1/funding/appeals/",
        "/api/v1/funding/requirements/",
        "/api/v1/users/",
        "/api/v1/role-assignments/",
    ):
        assert "post" in paths[path], path
    for path in (
        "/api/v1/funding/conferences/{id}/",
        "/api/v1/funding/appeals/{id}/",
        "/api/v1/funding/requirements/{id}/",
        "/api/v1/funding/pledges/{id}/",
        "/api/v1/funding/payments/{id}/",
    ):
        assert "patch" in paths[path] and "put" not in paths[path], path
    assert "delete" in paths["/api/v1/role-assignments/{id}/"]
    assert "post" in paths["/api/v1/funding/payments/{id}/cancel/"]


def test_a_cancellation_without_a_reason_reads_in_the_readers_language(
    admin: User, world: World, money: Money
) -> None:
    pledge = kzt_pledge(world, money)
    with translation.override("ru"):
        services.pledge_cancel(actor=admin, pledge=pledge, cancelled_on=D(2024, 3, 2))
    assert pledge.revisions.order_by("-number").first().reason == "Cancelled"  # type: ignore[union-attr]
    page = client_for(admin).get(f"/fr/funding/pledges/{pledge.pk}/").content.decode()
    revisions = page.split("<tbody>", 1)[1]
    with translation.override("fr"):
        assert f"<td>{translation.gettext('Cancelled')}</td>" in revisions
    with translation.override("ru"):
        assert translation.gettext("Cancelled") not in revisions

"""The distribution point's API: its list, scoped and masked, and hand-overs recorded once
per device id, refused with a message when they no longer hold, and audited."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.staticfiles import finders

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, Entitlement
from sunbula.assistance.offline import STATIC_FILES
from sunbula.core.models import AuditEntry, User
from sunbula.registry import services as registry_services
from sunbula.registry.names import skeleton
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
SYNC = "/api/v1/assistance/point/distributions/"


def _list_url(field: Field) -> str:
    return f"/api/v1/assistance/point/{field.cycle.pk}/entitlements/?site={field.centre.pk}"


def _send(user: User, entitlement: Entitlement, field: Field, client_id: uuid.UUID) -> Any:
    return client_for(user).post(
        SYNC,
        {
            "client_id": str(client_id),
            "entitlement": entitlement.pk,
            "site": field.centre.pk,
            "quantity": "50",
            "distributed_on": "2023-06-02",
        },
        content_type="application/json",
    )


def test_a_hand_over_is_recorded_once_per_device_id_and_a_replay_answers_the_same(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    client_id = uuid.uuid4()
    first = _send(officer_afg, entitlement, field, client_id)
    assert first.status_code == 201, first.content
    again = _send(officer_afg, entitlement, field, client_id)
    assert again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert first.json()["replayed"] is False
    assert Distribution.objects.filter(client_id=client_id).count() == 1
    distribution = Distribution.objects.get(client_id=client_id)
    assert distribution.recorded_by == officer_afg
    assert distribution.quantity == Decimal(50)
    entries = AuditEntry.objects.filter(action="assistance.distribution.created")
    assert entries.count() == 1
    assert entries.get().after["client_id"] == str(client_id)
    assert entries.get().actor == officer_afg


def test_a_beneficiary_already_served_is_refused_with_a_message(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=datetime.date(2023, 6, 1),
    )
    refused = _send(officer_afg, entitlement, field, uuid.uuid4())
    assert refused.status_code == 409
    assert "already received" in refused.json()["detail"]
    assert Distribution.objects.count() == 1


def test_stock_gone_is_refused_and_nothing_is_written(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    for lot in (field.early_lot, field.late_lot):
        from sunbula.supply.services import stock_distribute

        stock_distribute(
            actor=None,
            site=field.centre,
            lot=lot,
            quantity=lot.quantity_received,
            reference="EMPTY",
            occurred_at=datetime.date(2023, 6, 1),
        )
    refused = _send(officer_afg, entitlement, field, uuid.uuid4())
    assert refused.status_code == 409
    assert "holds" in refused.json()["detail"]
    assert not Distribution.objects.exists()


def test_the_arabic_refusal_is_translated(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    _send(officer_afg, entitlement, field, uuid.uuid4())
    client = client_for(officer_afg)
    refused = client.post(
        SYNC,
        {
            "client_id": str(uuid.uuid4()),
            "entitlement": entitlement.pk,
            "site": field.centre.pk,
            "quantity": "50",
            "distributed_on": "2023-06-02",
        },
        content_type="application/json",
        headers={"accept-language": "ar"},
    )
    assert refused.status_code == 409
    assert "already received" not in refused.json()["detail"]


def test_one_id_for_two_hand_overs_is_refused(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client_id = uuid.uuid4()
    assert _send(officer_afg, entitlement, field, client_id).status_code == 201
    household = services.beneficiary_add(
        actor=None, cycle=field.cycle, institution=field.institution
    )
    services.entitlements_compute(actor=None, cycle=field.cycle)
    services.entitlements_approve(actor=None, cycle=field.cycle)
    other = Entitlement.objects.get(beneficiary=household)
    reused = _send(officer_afg, other, field, client_id)
    assert reused.status_code == 409
    assert Distribution.objects.count() == 1


def test_outside_the_scope_an_entitlement_is_unknown(
    field: Field, officer_kaz: User, protection_officer: User
) -> None:
    entitlement = ready(field.cycle)
    outside = _send(officer_kaz, entitlement, field, uuid.uuid4())
    assert outside.status_code == 400
    assert set(outside.json()) == {"entitlement", "site"}
    # Reading assistance is not recording it.
    assert _send(protection_officer, entitlement, field, uuid.uuid4()).status_code == 400
    assert client_for(officer_kaz).get(_list_url(field)).status_code == 404
    assert not Distribution.objects.exists()


def test_bad_input_is_a_400_naming_the_field(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    response = client_for(officer_afg).post(
        SYNC,
        {"client_id": "not-a-uuid", "entitlement": entitlement.pk, "site": field.centre.pk,
         "quantity": "-1", "distributed_on": "2999-01-01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()) == {"client_id", "quantity", "distributed_on"}


def test_the_list_is_masked_without_clearance_and_searchable_by_digest(
    field: Field, officer_afg: User
) -> None:
    ready(field.cycle)
    response = client_for(officer_afg).get(_list_url(field))
    assert response.status_code == 200
    data = response.json()
    [row] = data["rows"]
    assert row["r"] == "HH-1"
    assert "Fatima" not in response.content.decode()
    assert row["n"].startswith("F")
    entitlement = Entitlement.objects.get(cycle=field.cycle)
    assert row["e"] == [[entitlement.pk, field.flour.pk, "50"]]
    key = hashlib.sha256((data["salt"] + "n:" + skeleton("Fatimah")).encode()).hexdigest()[:10]
    assert key in row["k"]


def test_the_list_is_unmasked_with_clearance_and_the_access_audited(
    field: Field, protection_officer: User, admin: User
) -> None:
    from sunbula.core.services import protection_clearance_grant

    ready(field.cycle)
    protection_clearance_grant(actor=None, user=admin, reason="Distribution")
    data = client_for(admin).get(_list_url(field)).json()
    assert data["rows"][0]["n"] == "Fatima"
    assert AuditEntry.objects.filter(action="registry.person.viewed_unmasked", actor=admin).exists()


def test_the_page_and_all_it_loads_fit_in_30_kb(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    client = client_for(officer_afg)
    page = client.get(f"/en/assistance/point/{field.cycle.pk}/{field.centre.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'rel="manifest"' in html
    total = len(gzip.compress(page.content, compresslevel=6))
    for name in STATIC_FILES:
        path = finders.find(name)
        assert isinstance(path, str), name
        with open(path, "rb") as asset:
            total += len(gzip.compress(asset.read(), compresslevel=6))
    worker = client.get("/en/assistance/point/sw.js")
    assert worker.status_code == 200
    assert worker["Service-Worker-Allowed"] == "/en/assistance/point/"
    total += len(gzip.compress(worker.content, compresslevel=6))
    manifest = client.get(
        f"/en/assistance/point/{field.cycle.pk}/{field.centre.pk}/manifest.webmanifest"
    )
    assert (
        manifest.json()["start_url"] == f"/en/assistance/point/{field.cycle.pk}/{field.centre.pk}/"
    )
    total += len(gzip.compress(manifest.content, compresslevel=6))
    assert total <= 30 * 1024


def test_the_arabic_page_reads_right_to_left(field: Field, officer_afg: User) -> None:
    html = (
        client_for(officer_afg)
        .get(f"/ar/assistance/point/{field.cycle.pk}/{field.centre.pk}/")
        .content.decode()
    )
    assert 'dir="rtl"' in html
    assert "Distribution point" not in html


def test_the_cards_are_a_pdf_in_both_pairs_of_languages(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    client = client_for(officer_afg)
    for pair in ("en-ar", "fa-ps"):
        response = client.get(f"/en/assistance/cycles/{field.cycle.pk}/cards.pdf?languages={pair}")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    assert (
        client.get(f"/en/assistance/cycles/{field.cycle.pk}/cards.pdf?languages=xx").status_code
        == 404
    )


def test_the_openapi_schema_documents_the_point(officer_afg: User) -> None:
    schema = client_for(officer_afg).get("/api/schema/?format=json").json()
    assert "/api/v1/assistance/point/distributions/" in schema["paths"]
    assert "/api/v1/assistance/point/{id}/entitlements/" in schema["paths"]


def test_a_site_lists_the_households_of_its_area_only(
    field: Field, world: World, officer_afg: User
) -> None:
    services.eligibility_rule_remove(actor=None, rule=field.cycle.rules.get(field="admin_area"))
    registry_services.household_create(
        actor=None, country=world.afghanistan, reference="HH-KABUL", admin_area=world.kabul
    )
    ready(field.cycle)
    herat = client_for(officer_afg).get(_list_url(field)).json()
    assert [row["r"] for row in herat["rows"]] == ["HH-1"]
    kabul = (
        client_for(officer_afg)
        .get(
            f"/api/v1/assistance/point/{field.cycle.pk}/entitlements/?site={world.kabul_warehouse.pk}"
        )
        .json()
    )
    assert [row["r"] for row in kabul["rows"]] == ["HH-KABUL"]


def test_a_hand_over_without_the_page_csrf_token_is_refused(
    field: Field, officer_afg: User
) -> None:
    from django.test import Client

    entitlement = ready(field.cycle)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_afg)
    response = client.post(
        SYNC,
        {
            "client_id": str(uuid.uuid4()),
            "entitlement": entitlement.pk,
            "site": field.centre.pk,
            "quantity": "50",
            "distributed_on": "2023-06-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Distribution.objects.exists()

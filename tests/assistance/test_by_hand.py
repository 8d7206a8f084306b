"""By hand on a cycle: a beneficiary the rules missed is added, an entitlement not yet
distributed is lowered or cancelled and the indicator actuals are updated, from the pages and the API,
in the manager's countries only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Cycle, Entitlement
from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import IndicatorActual
from sunbula.registry import services as registry_services
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


def test_a_household_is_added_by_hand_from_the_cycle_page(
    field: Field, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.get(f"/en/assistance/cycles/{field.cycle.pk}/")
    url = f"/en/assistance/cycles/{field.cycle.pk}/beneficiaries/new/"
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    entries = AuditEntry.objects.count()
    checked = client.post(f"{url}?validate=1", {"household": field.household.pk})
    assert checked.status_code == 200 and AuditEntry.objects.count() == entries
    none = client.post(url, {"person": ""})
    assert none.status_code == 422 and "Give one person" in none.content.decode()
    saved = client.post(url, {"household": field.household.pk})
    assert saved.status_code == 302
    assert Beneficiary.objects.get(cycle=field.cycle).reference == "HH-1"


def test_a_closed_cycle_takes_no_one_more_nor_a_proposal(
    field: Field, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    allocation = f"/en/allocation/cycles/{field.cycle.pk}/"
    assert "Propose an allocation" in client.get(allocation).content.decode()
    services.cycle_close(actor=officer_afg, cycle=field.cycle)
    page = client.get(f"/en/assistance/cycles/{field.cycle.pk}/").content.decode()
    url = f"/en/assistance/cycles/{field.cycle.pk}/beneficiaries/new/"
    assert url not in page
    for refused in (client.get(url), client.post(url, {"household": field.household.pk})):
        assert refused.status_code == 409
        assert "This cycle is closed." in refused.content.decode()
    assert not Beneficiary.objects.filter(cycle=field.cycle).exists()
    shown = client.get(allocation).content.decode()
    assert "This cycle is closed." in shown and "Propose an allocation" not in shown
    proposed = client.post(allocation, {"mode": "proportional", "floor_kcal": 1600})
    assert proposed.status_code == 409 and "This cycle is closed." in proposed.content.decode()


def test_a_record_outside_the_cycles_country_is_refused_like_a_missing_one(
    field: Field, world: World, officer_afg: User, officer_kaz: User
) -> None:
    stranger = registry_services.person_register(
        actor=None, country=world.kazakhstan, given_name="Aigerim", external_id="P-KZ"
    )
    url = f"/en/assistance/cycles/{field.cycle.pk}/beneficiaries/new/"
    client = client_for(officer_afg)
    outside = client.post(url, {"person": stranger.pk})
    missing = client.post(url, {"person": 987654})
    assert outside.status_code == missing.status_code == 422
    assert outside.content.decode().count("valid choice") == 1
    assert missing.content.decode().count("valid choice") == 1
    api = f"/api/v1/assistance/cycles/{field.cycle.pk}/beneficiaries/"
    far = client.post(api, {"person": stranger.pk}, content_type=JSON)
    gone = client.post(api, {"person": 987654}, content_type=JSON)
    assert far.status_code == gone.status_code == 400
    assert far.json()["person"][0].replace(str(stranger.pk), "?") == gone.json()["person"][
        0
    ].replace("987654", "?")
    kaz = client_for(officer_kaz)
    assert kaz.get(url).status_code == 404
    assert kaz.post(api, {"person": field.mother.pk}, content_type=JSON).status_code == 404
    assert not Beneficiary.objects.exists()


def test_a_person_is_added_by_hand_through_the_api(field: Field, officer_afg: User) -> None:
    client = client_for(officer_afg)
    api = f"/api/v1/assistance/cycles/{field.cycle.pk}/beneficiaries/"
    both = client.post(
        api, {"person": field.mother.pk, "household": field.household.pk}, content_type=JSON
    )
    assert both.status_code == 400
    made = client.post(api, {"person": field.mother.pk}, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert made.json()["kind"] == "person" and made.json()["people"] == 1


def test_an_entitlement_is_cancelled_from_the_page_and_the_api(
    field: Field, officer_afg: User, officer_kaz: User
) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    entitlement = ready(field.cycle)
    other = Entitlement.objects.exclude(pk=entitlement.pk).get(cycle=field.cycle)
    client = client_for(officer_afg)
    listed = client.get(f"/en/assistance/cycles/{field.cycle.pk}/entitlements/")
    assert f"/en/assistance/entitlements/{entitlement.pk}/cancel/" in listed.content.decode()
    kaz = client_for(officer_kaz)
    assert kaz.post(f"/en/assistance/entitlements/{entitlement.pk}/cancel/").status_code == 404
    assert (
        kaz.post(f"/api/v1/assistance/entitlements/{entitlement.pk}/cancel/").status_code
        == kaz.post("/api/v1/assistance/entitlements/987654/cancel/").status_code
        == 404
    )
    done = client.post(f"/en/assistance/entitlements/{entitlement.pk}/cancel/")
    assert done.status_code == 302 and done["Location"].endswith("/entitlements/")
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.CANCELLED
    again = client.post(f"/api/v1/assistance/entitlements/{entitlement.pk}/cancel/")
    assert again.status_code == 409
    made = client.post(f"/api/v1/assistance/entitlements/{other.pk}/cancel/")
    assert made.status_code == 200 and made.json()["status"] == "cancelled"


def _twenty_kg_handed_over(field: Field) -> Entitlement:
    """The cycle's entitlement, ready, with 20 kg of it handed over."""
    entitlement = ready(field.cycle)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(20),
        distributed_on=D(2023, 6, 2),
    )
    return entitlement


def test_an_entitlement_is_lowered_from_the_page_and_the_api(
    field: Field, officer_afg: User, officer_kaz: User
) -> None:
    entitlement = _twenty_kg_handed_over(field)
    entitled = Entitlement.objects.get(pk=entitlement.pk).quantity
    page = f"/en/assistance/entitlements/{entitlement.pk}/reduce/"
    api = f"/api/v1/assistance/entitlements/{entitlement.pk}/reduce/"
    client = client_for(officer_afg)
    listed = client.get(f"/en/assistance/cycles/{field.cycle.pk}/entitlements/")
    assert page in listed.content.decode()
    assert client.get(page).status_code == 200
    kaz = client_for(officer_kaz)
    assert kaz.get(page).status_code == 404
    assert (
        kaz.post(api, {"quantity": "25"}, content_type=JSON).status_code
        == kaz.post(
            "/api/v1/assistance/entitlements/987654/reduce/", {"quantity": "25"}, content_type=JSON
        ).status_code
        == 404
    )
    entries = AuditEntry.objects.count()
    below = client.post(page, {"quantity": "10"})
    assert below.status_code == 422 and "handed over already" in below.content.decode()
    up = client.post(api, {"quantity": str(entitled + 1)}, content_type=JSON)
    assert up.status_code == 400 and "quantity" in up.json()
    assert AuditEntry.objects.count() == entries
    done = client.post(page, {"quantity": "25"})
    assert done.status_code == 302 and done["Location"].endswith(f"#entitlement-{entitlement.pk}")
    assert Entitlement.objects.get(pk=entitlement.pk).quantity == Decimal(25)
    assert AuditEntry.objects.count() == entries + 1
    lowered = client.post(api, {"quantity": "20.5"}, content_type=JSON)
    assert lowered.status_code == 200 and Decimal(lowered.json()["quantity"]) == Decimal("20.5")
    word = client.post(api, {"quantity": "many"}, content_type=JSON)
    assert word.status_code == 400 and "quantity" in word.json()


def test_indicator_actuals_are_updated_from_the_cycle_page_and_the_api(
    field: Field, officer_afg: User, officer_kaz: User
) -> None:
    _twenty_kg_handed_over(field)
    client = client_for(officer_afg)
    refused = client.post(f"/api/v1/assistance/cycles/{field.cycle.pk}/actuals/")
    assert refused.status_code == 400 and "reporting_period" in refused.json()
    Cycle.objects.filter(pk=field.cycle.pk).update(
        reporting_period=field.projects.year, kg_indicator=field.projects.tonnes
    )
    page = client.get(f"/en/assistance/cycles/{field.cycle.pk}/")
    assert "Update indicator actuals" in page.content.decode()
    kaz = client_for(officer_kaz)
    assert kaz.post(f"/en/assistance/cycles/{field.cycle.pk}/steps/actuals/").status_code == 404
    assert kaz.post(f"/api/v1/assistance/cycles/{field.cycle.pk}/actuals/").status_code == 404
    assert not IndicatorActual.objects.filter(source="assistance").exists()
    done = client.post(f"/en/assistance/cycles/{field.cycle.pk}/steps/actuals/")
    assert done.status_code == 302
    tonnes = IndicatorActual.objects.get(indicator=field.projects.tonnes, sex="")
    assert tonnes.value == Decimal("0.02")
    again = client.post(f"/api/v1/assistance/cycles/{field.cycle.pk}/actuals/")
    assert again.status_code == 200

"""Institutions, households, persons, farms and consent created and changed from the pages
and the API: through the services, scoped, audited, masked without protection clearance."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.registry import selectors, services
from sunbula.registry.models import Consent, Farmer, Headcount, Household, Institution, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(world: World) -> Institution:
    return services.institution_create(
        actor=None,
        name="Kabul treatment centre",
        kind="treatment_centre",
        site=world.kabul_warehouse,
    )


@pytest.fixture
def household(world: World) -> Household:
    return services.household_create(
        actor=None, country=world.afghanistan, reference="HH-KBL-1", admin_area=world.kabul
    )


@pytest.fixture
def person(world: World, household: Household) -> Person:
    return services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Zarghuna",
        family_name="Ahmadzai",
        phone="0799123456",
        household=household,
        relation_to_head="head",
    )


def _count(client: object, url: str) -> int:
    client.get(url)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(queries)


# Institutions


def test_an_institution_is_added_edited_and_counted_from_the_pages(
    world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    assert (
        "/en/registry/institutions/new/"
        in client.get("/en/registry/institutions/").content.decode()
    )
    data = {
        "name": "Pul-e-Charkhi prison",
        "kind": "prison",
        "status": "active",
        "site": world.kabul_warehouse.pk,
    }
    checked = client.post("/en/registry/institutions/new/?validate=1", {**data, "kind": ""})
    assert checked.status_code == 200 and "This field is required" in checked.content.decode()
    assert not Institution.objects.exists()
    created = client.post("/en/registry/institutions/new/", {**data, "name_ar": "سجن بل چرخی"})
    institution = Institution.objects.get()
    assert created.status_code == 302 and created["Location"] == institution.get_absolute_url()
    assert institution.country == world.afghanistan
    assert institution.name_translations == {"ar": "سجن بل چرخی"}
    edited = client.post(
        f"/en/registry/institutions/{institution.pk}/edit/", {**data, "status": "pipeline"}
    )
    assert edited.status_code == 302
    institution.refresh_from_db()
    assert institution.status == "pipeline"
    url = institution.get_absolute_url()
    count = {
        "counted_on": "2024-03-01",
        "headcount": "420",
        "verified_by": "WFP monitor",
        "method": "roll_call",
    }
    checked = client.post(f"{url}?validate=1", {**count, "headcount": ""})
    assert checked.status_code == 200 and not Headcount.objects.exists()
    assert client.post(url, count).status_code == 302
    assert Headcount.objects.get().headcount == 420
    listed = client.get("/en/registry/institutions/?q=charkhi&kind=prison").content.decode()
    assert "Pul-e-Charkhi prison" in listed and "420" in listed
    assert (
        "Pul-e-Charkhi"
        not in client.get("/en/registry/institutions/?kind=treatment_centre").content.decode()
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "registry.institution.created",
        "registry.institution.updated",
        "registry.headcount.created",
    } <= actions


def test_an_institution_in_another_country_is_refused_like_a_missing_site(
    world: World, officer_afg: User
) -> None:
    refused = client_for(officer_afg).post(
        "/en/registry/institutions/new/",
        {"name": "Almaty", "kind": "other", "status": "active", "site": world.almaty_warehouse.pk},
    )
    assert refused.status_code == 422 and "Select a valid choice" in refused.content.decode()
    assert not Institution.objects.exists()


def test_institution_and_household_lists_run_fixed_queries(
    world: World, officer_afg: User, centre: Institution, household: Household
) -> None:
    client = client_for(officer_afg)
    institutions = _count(client, "/en/registry/institutions/")
    households = _count(client, "/en/registry/households/")
    for number in range(3):
        site = core_services.site_create(
            actor=None, name=f"Site {number}", kind="prison", country=world.afghanistan
        )
        services.institution_create(actor=None, name=f"Prison {number}", kind="prison", site=site)
        services.household_create(actor=None, country=world.afghanistan, reference=f"HH-{number}")
    assert _count(client, "/en/registry/institutions/") == institutions == 5
    assert _count(client, "/en/registry/households/") == households == 5


# Households and persons


def test_a_household_is_recorded_and_edited_from_the_pages(world: World, officer_afg: User) -> None:
    client = client_for(officer_afg)
    data = {
        "country": world.afghanistan.pk,
        "reference": "HH-HRT-7",
        "admin_area": world.hirat.pk,
        "displacement_status": "idp",
        "vulnerabilities": ["female_headed"],
    }
    checked = client.post("/en/registry/households/new/?validate=1", {**data, "reference": ""})
    assert checked.status_code == 200 and not Household.objects.exists()
    assert client.post("/en/registry/households/new/", data).status_code == 302
    household = Household.objects.get()
    assert household.vulnerabilities == ["female_headed"]
    duplicate = client.post("/en/registry/households/new/", data)
    assert duplicate.status_code == 422 and Household.objects.count() == 1
    edited = client.post(
        f"/en/registry/households/{household.pk}/edit/", {**data, "displacement_status": "returnee"}
    )
    assert edited.status_code == 302
    household.refresh_from_db()
    assert household.displacement_status == "returnee"
    listed = client.get("/en/registry/households/?displacement_status=returnee&q=HRT")
    assert "HH-HRT-7" in listed.content.decode()


def test_the_admin_area_choices_tell_a_province_from_its_district_of_the_same_name(
    world: World, officer_afg: User, household: Household, person: Person
) -> None:
    core_services.admin_area_upsert(
        actor=None,
        country=world.afghanistan,
        p_code="AF3201",
        pcode_set_version="AFG 2021-11-17",
        level=2,
        name="Hirat",
        name_translations={"ar": "هرات"},
        parent=world.hirat,
    )
    client = client_for(officer_afg)
    for page in (
        "/en/registry/households/new/",
        f"/en/registry/households/{household.pk}/edit/",
        "/en/registry/people/new/",
        f"/en/registry/people/{person.pk}/edit/",
    ):
        html = client.get(page).content.decode()
        for label in ("Hirat (AF32)", "Hirat (AF3201)", "Kabul (AF01)"):
            assert f">{label}</option>" in html, (page, label)
    arabic = client.get("/ar/registry/households/new/").content.decode()
    assert ">هرات (AF32)</option>" in arabic and ">هرات (AF3201)</option>" in arabic


def test_registration_captures_consent_so_the_person_is_exported(
    world: World, officer_afg: User, household: Household
) -> None:
    client = client_for(officer_afg)
    page = client.get(f"/en/registry/people/new/?household={household.pk}").content.decode()
    assert "Consent to registration" in page
    response = client.post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "family_name": "Noori",
            "displacement_status": "resident",
            "household": household.pk,
            "relation_to_head": "spouse",
            "consent_method": "thumbprint",
            "consent_given_on": "2024-02-01",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.household == household
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.method) == ("registration", "thumbprint")
    assert list(selectors.people_for_export(user=officer_afg)) == [person]


def test_checking_the_registration_form_writes_nothing(world: World, officer_afg: User) -> None:
    checked = client_for(officer_afg).post(
        "/en/registry/people/new/?validate=1",
        {"country": world.afghanistan.pk, "given_name": "", "consent_method": "verbal"},
    )
    assert checked.status_code == 200
    assert "This field is required" in checked.content.decode()
    assert not Person.objects.exists() and not Consent.objects.exists()


def test_a_refused_consent_leaves_no_person_behind(world: World, officer_afg: User) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=3)
    response = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "displacement_status": "resident",
            "consent_method": "written",
            "consent_given_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 422
    assert not Person.objects.exists() and not Consent.objects.exists()


def test_editing_a_person_without_clearance_never_shows_personal_data(
    officer_afg: User, person: Person
) -> None:
    client = client_for(officer_afg)
    url = f"/en/registry/people/{person.pk}/edit/"
    form = client.get(url).content.decode()
    assert "Zarghuna" not in form and "0799123456" not in form and 'name="given_name"' not in form
    saved = client.post(url, {"displacement_status": "idp", "sex": "F"})
    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.displacement_status, person.sex, person.given_name) == ("idp", "F", "Zarghuna")
    entry = AuditEntry.objects.filter(action="registry.person.updated").latest("id")
    assert "Zarghuna" not in str(entry.after) and entry.after["personal_fields"] == []
    assert not AuditEntry.objects.filter(action="registry.person.viewed_unmasked").exists()


def test_a_cleared_officer_corrects_a_name_and_the_view_is_recorded(
    protection_officer: User, person: Person
) -> None:
    client = client_for(protection_officer)
    url = f"/en/registry/people/{person.pk}/edit/"
    assert "Zarghuna" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="registry.person.viewed_unmasked").exists()
    saved = client.post(
        url,
        {"given_name": "Zarghoona", "family_name": "Ahmadzai", "displacement_status": "resident"},
    )
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Zarghoona" and person.phone == ""
    entry = AuditEntry.objects.filter(action="registry.person.updated").latest("id")
    assert "Zarghoona" not in str(entry.after)
    assert set(entry.after["personal_fields"]) == {"given_name", "phone"}


def test_consent_and_farm_from_the_person_page(officer_afg: User, person: Person) -> None:
    client = client_for(officer_afg)
    detail = client.get(person.get_absolute_url()).content.decode()
    assert f"/en/registry/people/{person.pk}/consents/" in detail
    recorded = client.post(
        f"/en/registry/people/{person.pk}/consents/",
        {"purpose": "registration", "given_on": "2024-01-10", "method": "written"},
    )
    assert recorded.status_code == 302
    consent = Consent.objects.get()
    assert client.post(f"/en/registry/consents/{consent.pk}/withdraw/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    farm = client.post(
        f"/en/registry/people/{person.pk}/farm/",
        {
            "farm_area_ha": "1.75",
            "tenure": "owner",
            "irrigation": "solar",
            "crops": "wheat, saffron",
            "extension_contacts": "2",
        },
    )
    assert farm.status_code == 302
    assert Farmer.objects.get(person=person).crops == ["wheat", "saffron"]
    assert "saffron" in client.get(f"/en/registry/people/{person.pk}/farm/").content.decode()


# Scoping


def test_out_of_scope_records_are_answered_like_missing_ones(
    officer_kaz: User, centre: Institution, household: Household, person: Person
) -> None:
    client = client_for(officer_kaz)
    missing = 99_999
    for pattern in (
        "/en/registry/institutions/{}/edit/",
        "/en/registry/households/{}/edit/",
        "/en/registry/people/{}/edit/",
        "/en/registry/people/{}/consents/",
        "/en/registry/people/{}/farm/",
    ):
        pk = {"institutions": centre.pk, "households": household.pk}.get(
            pattern.split("/")[3], person.pk
        )
        assert client.get(pattern.format(pk)).status_code == 404, pattern
        assert client.get(pattern.format(missing)).status_code == 404, pattern
    for pattern, pk in (
        ("/api/v1/registry/institutions/{}/", centre.pk),
        ("/api/v1/registry/households/{}/", household.pk),
        ("/api/v1/registry/people/{}/", person.pk),
    ):
        hidden = client.patch(pattern.format(pk), {}, content_type="application/json")
        absent = client.patch(pattern.format(missing), {}, content_type="application/json")
        assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())
        assert hidden.status_code == 404


# API


def test_the_api_creates_and_patches_registry_records(
    world: World, officer_afg: User, protection_officer: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/registry/institutions/",
        {"name": "Herat centre", "kind": "treatment_centre", "site": world.kabul_warehouse.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["country"] == "AFG"
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/v1/registry/institutions/{pk}/",
        {"status": "pipeline"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["status"] == "pipeline"
    counted = client.post(
        f"/api/v1/registry/institutions/{pk}/headcounts/",
        {
            "counted_on": "2024-01-01",
            "headcount": 80,
            "verified_by": "Monitor",
            "method": "register",
        },
        content_type="application/json",
    )
    assert counted.status_code == 201
    household = client.post(
        "/api/v1/registry/households/",
        {
            "reference": "HH-API-1",
            "country": "AFG",
            "admin_area": "AF32",
            "vulnerabilities": ["disability"],
        },
        content_type="application/json",
    )
    assert household.status_code == 201, household.content
    household_id = household.json()["id"]
    assert (
        client.patch(
            f"/api/v1/registry/households/{household_id}/",
            {"displacement_status": "idp"},
            content_type="application/json",
        ).json()["displacement_status"]
        == "idp"
    )
    person = client.post(
        "/api/v1/registry/people/",
        {
            "country": "AFG",
            "given_name": "Nasrin",
            "phone": "0700111222",
            "household": household_id,
        },
        content_type="application/json",
    )
    assert person.status_code == 201, person.content
    body = person.json()
    assert body["masked"] is True and "Nasrin" not in str(body) and body["household"] == "HH-API-1"
    person_id = body["id"]
    assert (
        client.patch(
            f"/api/v1/registry/people/{person_id}/",
            {"given_name": "Nasreen"},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert Person.objects.get(pk=person_id).given_name == "Nasreen"
    consent = client.post(
        f"/api/v1/registry/people/{person_id}/consents/",
        {"purpose": "registration", "given_on": "2024-01-01", "method": "digital"},
        content_type="application/json",
    )
    assert consent.status_code == 201
    assert len(client.get(f"/api/v1/registry/people/{person_id}/consents/").json()) == 1
    withdrawn = client.post(f"/api/v1/registry/consents/{consent.json()['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"]
    assert (
        client_for(officer_kaz)
        .post(f"/api/v1/registry/consents/{consent.json()['id']}/withdraw/")
        .status_code
        == 404
    )
    assert client.get(f"/api/v1/registry/people/{person_id}/farm/").status_code == 404
    farm = client.post(
        f"/api/v1/registry/people/{person_id}/farm/",
        {"farm_area_ha": "2.00", "tenure": "tenant", "irrigation": "karez", "crops": ["wheat"]},
        content_type="application/json",
    )
    assert farm.status_code == 200 and farm.json()["crops"] == ["wheat"]
    cleared = client_for(protection_officer).get(f"/api/v1/registry/people/{person_id}/").json()
    assert cleared["given_name"] == "Nasreen"
    bad = client.post(
        "/api/v1/registry/people/",
        {"country": "KAZ", "given_name": "X"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "country" in bad.json()
    future = client.post(
        f"/api/v1/registry/people/{person_id}/consents/",
        {"purpose": "registration", "given_on": "2999-01-01", "method": "digital"},
        content_type="application/json",
    )
    assert future.status_code == 400


def test_the_schema_documents_the_registry_writes(officer_afg: User) -> None:
    paths = client_for(officer_afg).get("/api/schema/?format=json").json()["paths"]
    for collection in ("institutions", "households", "people"):
        assert "post" in paths[f"/api/v1/registry/{collection}/"], collection
        item = paths[f"/api/v1/registry/{collection}/{{id}}/"]
        assert "patch" in item and "put" not in item, collection
    assert {"get", "post"} <= set(paths["/api/v1/registry/people/{id}/consents/"])
    assert {"get", "post"} <= set(paths["/api/v1/registry/people/{id}/farm/"])
    assert "post" in paths["/api/v1/registry/consents/{id}/withdraw/"]


def test_a_persons_card_sent_back_as_it_was_read_changes_nothing(
    world: World, protection_officer: User, officer_kaz: User, household: Household, person: Person
) -> None:
    """The card names the household by its reference; the API takes it back that way, or by
    id, and refuses a reference outside the caller's scope like one that does not exist."""
    client = client_for(protection_officer)
    url = f"/api/v1/registry/people/{person.pk}/"
    card = client.get(url).json()
    assert card["household"] == "HH-KBL-1"
    sent_back = client.patch(url, card, content_type="application/json")
    assert sent_back.status_code == 200, sent_back.json()
    assert sent_back.json() == {**card, "has_consent": sent_back.json()["has_consent"]}
    by_id = client.patch(url, {"household": household.pk}, content_type="application/json")
    assert by_id.status_code == 200 and by_id.json()["household"] == "HH-KBL-1"
    kazakh = client_for(officer_kaz)
    kazakh_url = "/api/v1/registry/people/"
    body = {"country": "KAZ", "given_name": "Aigerim"}
    hidden = kazakh.post(
        kazakh_url, {**body, "household": "HH-KBL-1"}, content_type="application/json"
    )
    absent = kazakh.post(
        kazakh_url, {**body, "household": "HH-NONE"}, content_type="application/json"
    )
    assert hidden.status_code == absent.status_code == 400
    refused = hidden.json()["household"][0].replace("HH-KBL-1", "…")
    assert refused == absent.json()["household"][0].replace("HH-NONE", "…")


def test_a_masked_card_sent_back_writes_nothing_over_the_persons_data(
    officer_afg: User, person: Person
) -> None:
    """A reader without clearance reads names masked; sending the card back is refused on
    each masked field, and the person keeps their name."""
    client = client_for(officer_afg)
    url = f"/api/v1/registry/people/{person.pk}/"
    card = client.get(url).json()
    assert card["masked"] and card["given_name"] == "Z•••"
    card.pop("birth_date")
    refused = client.patch(url, card, content_type="application/json")
    assert refused.status_code == 400
    assert set(refused.json()) == {"given_name", "family_name", "phone"}
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Zarghuna", "Ahmadzai")
    moved = client.patch(url, {"displacement_status": "idp"}, content_type="application/json")
    assert moved.status_code == 200


def test_vulnerabilities_read_by_their_names_on_the_household_and_the_person(
    world: World, officer_afg: User, household: Household, person: Person
) -> None:
    services.household_update(
        actor=officer_afg, household=household, vulnerabilities=["female_headed"]
    )
    services.person_update(actor=officer_afg, person=person, vulnerabilities=["disability"])
    client = client_for(officer_afg)
    with translation.override("ar"):
        female_headed = translation.gettext("Female-headed household")
        disability = translation.gettext("Disability")
    household_page = client.get(f"/ar/registry/households/{household.pk}/").content.decode()
    assert female_headed in household_page and "female_headed" not in household_page
    person_page = client.get(f"/ar/registry/people/{person.pk}/").content.decode()
    assert disability in person_page and ">disability<" not in person_page

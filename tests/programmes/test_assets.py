"""Project assets: registered, visited and listed through services, pages and the API,
scoped by site country and programme, on the project and country pages and in IATI."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Currency, Site, User
from sunbula.programmes import selectors, services
from sunbula.programmes.models import Asset, MaintenanceVisit
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.role_limits import role_programmes_set
from sunbula.reports.iati import iati_activities, iati_rule_problems
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db

SCHEMA = next(
    folder / "shared/data/iati-2.03/iati-activities-schema.xsd"
    for folder in Path(__file__).resolve().parents
    if (folder / "shared/data/iati-2.03").is_dir()
)
D = datetime.date


@pytest.fixture
def herat_site(world: World) -> Site:
    return core_services.site_create(
        actor=None,
        name="Injil village water point",
        kind="distribution_point",
        country=world.afghanistan,
        admin_area=world.hirat,
        latitude=Decimal("34.352865"),
        longitude=Decimal("62.204014"),
    )


@pytest.fixture
def pump(projects: Projects, herat_site: Site, world: World) -> Asset:
    return services.asset_register(
        actor=None,
        kind="solar_water",
        name="Injil solar water system",
        project=projects.flour,
        site=herat_site,
        funded_by=world.kazakhstan_government,
        value=Decimal("48000"),
        currency=Currency.objects.get(code="USD"),
        installed_on=D(2023, 6, 1),
        status="operational",
        people_served=1200,
    )


# Services


def test_an_asset_takes_its_site_p_code_and_is_audited(pump: Asset, world: World) -> None:
    assert pump.admin_area == world.hirat
    entry = AuditEntry.objects.get(action="programmes.asset.created")
    assert entry.after["name"] == "Injil solar water system"


def test_an_asset_stands_in_its_project_country(projects: Projects, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.asset_register(
            actor=None,
            kind="well",
            name="Wrong place",
            project=projects.flour,
            site=world.almaty_warehouse,
        )
    assert "site" in refused.value.error_dict
    assert not Asset.objects.exists()


def test_a_value_needs_its_currency_and_a_p_code_its_country(
    projects: Projects, herat_site: Site, world: World
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.asset_register(
            actor=None,
            kind="well",
            name="Well",
            project=projects.flour,
            site=herat_site,
            value=Decimal(10),
        )
    assert "currency" in refused.value.error_dict
    almaty_area = core_services.admin_area_upsert(
        actor=None,
        country=world.kazakhstan,
        p_code="KZ75",
        pcode_set_version="KAZ",
        level=1,
        name="Almaty",
    )
    with pytest.raises(ValidationError) as refused:
        services.asset_register(
            actor=None,
            kind="well",
            name="Well",
            project=projects.flour,
            site=herat_site,
            admin_area=almaty_area,
        )
    assert "admin_area" in refused.value.error_dict


def test_the_newest_visit_sets_the_status(pump: Asset) -> None:
    services.maintenance_visit_record(
        actor=None,
        asset=pump,
        visited_on=D(2024, 5, 1),
        visited_by="Engineer",
        finding="Inverter failed",
        status_after="needs_repair",
    )
    pump.refresh_from_db()
    assert pump.status == "needs_repair"
    services.maintenance_visit_record(
        actor=None,
        asset=pump,
        visited_on=D(2024, 1, 1),
        visited_by="Engineer",
        finding="All well",
        status_after="operational",
    )
    pump.refresh_from_db()
    assert pump.status == "needs_repair"
    with pytest.raises(ValidationError):
        services.maintenance_visit_record(
            actor=None,
            asset=pump,
            visited_on=D.today() + datetime.timedelta(days=2),
            visited_by="Engineer",
            finding="Later",
            status_after="operational",
        )
    assert MaintenanceVisit.objects.count() == 2


# Pages


def test_an_officer_registers_an_asset_from_the_project_page(
    projects: Projects, herat_site: Site, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    project_page = client.get(projects.flour.get_absolute_url()).content.decode()
    assert f"/en/programmes/assets/new/?project={projects.flour.pk}" in project_page
    form = client.get(f"/en/programmes/assets/new/?project={projects.flour.pk}")
    assert form.status_code == 200
    data = {
        "kind": "solar_water",
        "name": "Guzara solar water system",
        "project": projects.flour.pk,
        "site": herat_site.pk,
        "status": "operational",
        "people_served": "800",
    }
    checked = client.post("/en/programmes/assets/new/?validate=1", {**data, "name": ""})
    assert checked.status_code == 200 and "This field is required" in checked.content.decode()
    assert not Asset.objects.exists()
    saved = client.post("/en/programmes/assets/new/", data)
    asset = Asset.objects.get()
    assert saved.status_code == 302 and saved["Location"] == asset.get_absolute_url()
    assert asset.admin_area is not None and asset.admin_area.p_code == "AF32"
    shown = client.get(projects.flour.get_absolute_url()).content.decode()
    assert "Guzara solar water system" in shown and "AF32" in shown


def test_a_refused_asset_says_why_and_writes_nothing(
    projects: Projects, officer_afg: User, world: World
) -> None:
    client = client_for(officer_afg)
    refused = client.post(
        "/en/programmes/assets/new/",
        {
            "kind": "well",
            "name": "Well",
            "project": projects.flour.pk,
            "site": world.kabul_warehouse.pk,
            "status": "planned",
            "value": "100",
        },
    )
    assert refused.status_code == 422
    assert "Give the currency of the value." in refused.content.decode()
    assert not Asset.objects.exists()


def test_edit_visit_list_and_country_page(pump: Asset, officer_afg: User) -> None:
    client = client_for(officer_afg)
    edited = client.post(
        f"/en/programmes/assets/{pump.pk}/edit/",
        {
            "kind": "solar_water",
            "name": "Injil solar water system",
            "project": pump.project_id,
            "site": pump.site_id,
            "admin_area": pump.admin_area_id,
            "value": "48000",
            "currency": pump.currency_id,
            "installed_on": "2023-06-01",
            "status": "operational",
            "people_served": "1500",
        },
    )
    assert edited.status_code == 302
    pump.refresh_from_db()
    assert pump.people_served == 1500
    visit = client.post(
        f"/en/programmes/assets/{pump.pk}/visits/",
        {
            "visited_on": "2024-04-02",
            "visited_by": "Herat engineer",
            "finding": "Pump seized",
            "status_after": "out_of_service",
        },
    )
    assert visit.status_code == 302
    detail = client.get(pump.get_absolute_url()).content.decode()
    assert "Pump seized" in detail and "Out of service" in detail
    listed = client.get("/en/programmes/assets/?kind=solar_water&status=out_of_service&q=Injil")
    assert "Injil solar water system" in listed.content.decode()
    assert "Injil" not in client.get("/en/programmes/assets/?kind=well").content.decode()
    download = client.get("/en/programmes/assets/?format=csv")
    assert download.status_code == 200
    assert b"Injil solar water system" in b"".join(download.streaming_content)  # type: ignore[arg-type]
    country = client.get("/en/reports/dashboards/countries/AFG/")
    assert country.status_code == 200
    assert "Injil solar water system" in country.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(
    pump: Asset, projects: Projects, herat_site: Site, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = "/en/programmes/assets/"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for number in range(5):
        services.asset_register(
            actor=None, kind="well", name=f"Well {number}", project=projects.flour, site=herat_site
        )
    assert count() == before == 5


# Scoping


def test_outside_the_scope_is_answered_like_a_missing_record(
    pump: Asset, officer_kaz: User, officer_afg: User
) -> None:
    kaz = client_for(officer_kaz)
    missing = 10_000
    for path in ("/en/programmes/assets/{}/", "/en/programmes/assets/{}/edit/"):
        assert kaz.get(path.format(pump.pk)).status_code == 404
        assert kaz.get(path.format(missing)).status_code == 404
    hidden = kaz.get(f"/api/v1/assets/{pump.pk}/")
    absent = kaz.get(f"/api/v1/assets/{missing}/")
    assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())
    assert kaz.get("/api/v1/assets/").json()["count"] == 0
    assert "Injil" not in kaz.get("/en/programmes/assets/").content.decode()
    assert selectors.asset_list(user=officer_afg).count() == 1
    # A link to a site outside the caller's countries is refused like one that does not exist.
    refused = kaz.post(
        "/api/v1/assets/",
        {"kind": "well", "name": "W", "project": pump.project_id, "site": pump.site_id},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert set(refused.json()) >= {"project", "site"}


def test_a_viewer_sees_but_cannot_change(pump: Asset, donor_viewer: User) -> None:
    client = client_for(donor_viewer)
    assert client.get(f"/en/programmes/assets/{pump.pk}/edit/").status_code in (403, 404)
    assert client.post(f"/api/v1/assets/{pump.pk}/visits/", {}).status_code in (403, 404)


# API


def test_the_api_registers_patches_and_visits(
    projects: Projects, herat_site: Site, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/assets/",
        {
            "kind": "solar_water",
            "name": "Karukh solar water system",
            "project": projects.flour.pk,
            "site": herat_site.pk,
            "value": "30000.00",
            "currency": "USD",
            "status": "operational",
            "people_served": 600,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["admin_area"], body["country"], body["currency"]) == ("AF32", "AFG", "USD")
    pk = body["id"]
    patched = client.patch(
        f"/api/v1/assets/{pk}/", {"people_served": 650}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["people_served"] == 650
    assert (
        client.put(f"/api/v1/assets/{pk}/", {}, content_type="application/json").status_code == 405
    )
    visit = client.post(
        f"/api/v1/assets/{pk}/visits/",
        {
            "visited_on": "2024-02-01",
            "visited_by": "Engineer",
            "finding": "Cleaned",
            "status_after": "operational",
        },
        content_type="application/json",
    )
    assert visit.status_code == 201
    assert len(client.get(f"/api/v1/assets/{pk}/visits/").json()) == 1
    bad = client.patch(f"/api/v1/assets/{pk}/", {"value": "-1"}, content_type="application/json")
    assert bad.status_code == 400 and "value" in bad.json()
    listed = client.get(f"/api/v1/assets/?project={projects.flour.pk}&kind=solar_water")
    assert listed.json()["count"] == 1


def test_the_schema_documents_create_and_patch_but_no_put(officer_afg: User) -> None:
    paths = client_for(officer_afg).get("/api/schema/?format=json").json()["paths"]
    assert "post" in paths["/api/v1/assets/"]
    assert {"get", "patch"} <= set(paths["/api/v1/assets/{id}/"])
    assert "put" not in paths["/api/v1/assets/{id}/"]
    assert {"get", "post"} <= set(paths["/api/v1/assets/{id}/visits/"])


# IATI


def test_assets_in_place_are_locations_in_the_iati_export(
    pump: Asset, projects: Projects, herat_site: Site, officer_afg: User
) -> None:
    services.asset_register(
        actor=None, kind="well", name="Planned well", project=projects.flour, site=herat_site
    )
    exported = list(selectors.project_export_list(user=officer_afg, codes=["FFH-2023"]))
    root = iati_activities(exported)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(etree.tostring(root))), schema.error_log
    assert iati_rule_problems(root) == []
    activity = root[0]
    assert activity.xpath("location/@ref") == ["AF32", f"XI-IATI-IOFS-FFH-2023-ASSET-{pump.pk}"]
    structure = activity.xpath("location[location-class/@code='3']")[0]
    assert structure.xpath("name/narrative/text()") == ["Injil solar water system"]
    assert structure.xpath("point/pos/text()") == ["34.352865 62.204014"]
    assert "Solar-powered water system" in structure.xpath("description/narrative/text()")[0]


def test_a_role_limited_to_another_programme_does_not_reach_the_asset(
    pump: Asset, projects: Projects, admin: User, rice_officer: User
) -> None:
    officer = rice_officer
    client = client_for(officer)
    assert client.get(pump.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/assets/").json()["count"] == 0
    assert not Asset.objects.visible_to(officer, ProgrammePerm.VIEW_PROJECT).exists()
    role_programmes_set(
        actor=admin,
        assignment=officer.role_assignments.get(),
        programmes=[projects.flour.programme],
    )
    assert client_for(officer).get(pump.get_absolute_url()).status_code == 200

"""A maintenance visit recorded with a wrong date or finding is corrected, and one recorded by
mistake (against the wrong asset, or never made) removed with a reason, on the asset's page
and through the API; the asset's status follows its newest visit, and a visit to an asset
elsewhere is missing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Asset, MaintenanceVisit
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def pump(projects: Projects, world: World) -> Asset:
    return services.asset_register(
        actor=None,
        kind="solar_water",
        name="Kabul solar pump",
        project=projects.flour,
        site=world.kabul_warehouse,
        status="operational",
    )


def _visit(pump: Asset, on: datetime.date, status_after: str, finding: str) -> MaintenanceVisit:
    return services.maintenance_visit_record(
        actor=None,
        asset=pump,
        visited_on=on,
        visited_by="Engineer",
        finding=finding,
        status_after=status_after,
    )


def _status(pump: Asset) -> str:
    return Asset.objects.get(pk=pump.pk).status


def test_the_asset_status_follows_the_newest_visit_through_corrections(
    pump: Asset, admin: User
) -> None:
    early = _visit(pump, D(2024, 1, 10), "needs_repair", "Panels dusty")
    late = _visit(pump, D(2024, 3, 1), "out_of_service", "Pump stopped")
    assert _status(pump) == "out_of_service"

    # Only the finding of the newest visit: the status stays.
    services.maintenance_visit_update(actor=admin, visit=late, finding="Pump stopped, fuse")
    assert _status(pump) == "out_of_service"
    assert not AuditEntry.objects.filter(action="programmes.asset.updated")

    # The newest visit found something else: the asset follows, in an entry of its own.
    services.maintenance_visit_update(actor=admin, visit=late, status_after="needs_repair")
    assert _status(pump) == "needs_repair"
    entry = AuditEntry.objects.get(action="programmes.asset.updated")
    assert entry.before == {"status": "out_of_service"}
    assert entry.after == {"status": "needs_repair"}

    # The earlier visit dated after the other becomes the newest.
    services.maintenance_visit_update(actor=admin, visit=early, visited_on=D(2024, 4, 1))
    services.maintenance_visit_update(actor=admin, visit=early, status_after="operational")
    assert _status(pump) == "operational"

    # A status set on the asset after its newest visit stays while an older one is corrected.
    services.asset_update(actor=admin, asset=pump, status="decommissioned")
    services.maintenance_visit_update(actor=admin, visit=late, finding="Fuse replaced")
    assert _status(pump) == "decommissioned"

    # Removing the newest visit: the status is what the visit before it found.
    services.maintenance_visit_remove(actor=admin, visit=early, reason="Never made")
    assert _status(pump) == "needs_repair"
    # Removing the last one leaves the status as it is.
    services.maintenance_visit_remove(actor=admin, visit=late, reason="Wrong pump")
    assert _status(pump) == "needs_repair" and not MaintenanceVisit.objects.exists()


def test_a_visit_cannot_be_moved_into_the_future(pump: Asset, admin: User) -> None:
    from django.core.exceptions import ValidationError

    visit = _visit(pump, D(2024, 1, 10), "needs_repair", "Panels dusty")
    with pytest.raises(ValidationError) as refused:
        services.maintenance_visit_update(
            actor=admin, visit=visit, visited_on=D.today() + datetime.timedelta(days=3)
        )
    assert "visited_on" in refused.value.message_dict
    assert MaintenanceVisit.objects.get().visited_on == D(2024, 1, 10)


def test_the_asset_page_offers_corrections_where_the_officer_manages_projects(
    pump: Asset, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    visit = _visit(pump, D(2024, 1, 10), "needs_repair", "Panels dusty")
    edit = reverse("programmes:visit_edit", args=[visit.pk])
    remove = reverse("programmes:visit_remove", args=[visit.pk])
    page = client_for(officer_afg).get(pump.get_absolute_url()).content.decode()
    assert edit in page and remove in page

    reader = client_for(donor_viewer)
    shown = reader.get(pump.get_absolute_url()).content.decode()
    assert "Panels dusty" in shown and edit not in shown and remove not in shown
    assert reader.get(edit).status_code == 403
    assert reader.post(remove, {"reason": "Not mine"}).status_code == 403

    elsewhere = client_for(officer_kaz)
    missing = reverse("programmes:visit_edit", args=[987654])
    assert elsewhere.get(edit).status_code == elsewhere.get(missing).status_code == 404
    assert elsewhere.post(remove, {"reason": "Mine now"}).status_code == 404
    assert MaintenanceVisit.objects.filter(pk=visit.pk).exists()


def test_a_visit_is_corrected_and_removed_on_its_pages(pump: Asset, officer_afg: User) -> None:
    visit = _visit(pump, D(2024, 1, 10), "needs_repair", "Panels dusty")
    client = client_for(officer_afg)
    edit = reverse("programmes:visit_edit", args=[visit.pk])
    form = {
        "visited_on": "2024-01-12",
        "visited_by": "Herat engineer",
        "finding": "Panels dusty",
        "status_after": "operational",
    }
    future = (D.today() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(edit, {**form, "visited_on": future})
    assert refused.status_code == 422 and refused.context["form"].errors["visited_on"]
    saved = client.post(edit, form)
    assert saved.status_code == 302 and saved["Location"] == f"{pump.get_absolute_url()}#visits"
    visit.refresh_from_db()
    assert (visit.visited_on, visit.visited_by) == (D(2024, 1, 12), "Herat engineer")
    assert _status(pump) == "operational"
    entry = AuditEntry.objects.get(action="programmes.maintenancevisit.updated")
    assert entry.actor == officer_afg and entry.before["visited_on"] == "2024-01-10"

    remove = reverse("programmes:visit_remove", args=[visit.pk])
    assert "Remove the visit of" in client.get(remove).content.decode()
    assert client.post(remove, {"reason": ""}).status_code == 422
    removed = client.post(remove, {"reason": "Recorded against the wrong pump"})
    assert removed.status_code == 302
    assert not MaintenanceVisit.objects.exists()
    gone = AuditEntry.objects.get(action="programmes.maintenancevisit.removed")
    assert gone.before["reason"] == "Recorded against the wrong pump"
    assert gone.before["asset"] == pump.pk and gone.before["finding"] == "Panels dusty"
    page = client.get(pump.get_absolute_url()).content.decode()
    assert "The visit is removed." in page and "Panels dusty" not in page


def test_the_api_lists_corrects_and_removes_visits(
    pump: Asset, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    visit = _visit(pump, D(2024, 1, 10), "needs_repair", "Panels dusty")
    api = APIClient()
    url = f"/api/v1/maintenance-visits/{visit.pk}/"
    api.force_authenticate(officer_kaz)
    assert api.get("/api/v1/maintenance-visits/").json()["results"] == []
    outside = api.patch(url, {"finding": "Mine"}, format="json")
    missing = api.patch("/api/v1/maintenance-visits/987654/", {"finding": "x"}, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert api.post(f"{url}remove/", {"reason": "x"}, format="json").status_code == 404

    api.force_authenticate(donor_viewer)
    assert api.patch(url, {"finding": "Mine"}, format="json").status_code == 403
    assert api.post(f"{url}remove/", {"reason": "x"}, format="json").status_code == 403

    api.force_authenticate(officer_afg)
    listed = api.get(f"/api/v1/maintenance-visits/?asset={pump.pk}")
    assert [row["id"] for row in listed.json()["results"]] == [visit.pk]
    bad = api.patch(url, {"status_after": "broken"}, format="json")
    assert bad.status_code == 400 and "status_after" in bad.json()
    corrected = api.patch(url, {"status_after": "operational", "asset": 987654}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status_after"] == "operational"
    assert corrected.json()["asset"] == pump.pk and _status(pump) == "operational"
    no_reason = api.post(f"{url}remove/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    done = api.post(f"{url}remove/", {"reason": "Never made"}, format="json")
    assert done.status_code == 204
    assert not MaintenanceVisit.objects.exists()

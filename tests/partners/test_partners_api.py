"""Partnerships through /api/v1/ as through the pages: the same services, scope and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Role, User
from tests.conftest import World, client_for, make_persona
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


@pytest.fixture
def viewer_afg(world: World) -> User:
    """Reads partnerships in Afghanistan and changes none."""
    return make_persona(
        "analyst.afg@example.org", Role.POLICY_ANALYST, world.iofs, [world.afghanistan]
    )


def test_an_officer_makes_an_organisation_a_partner_and_changes_its_profile(
    officer_afg: User, world: World
) -> None:
    ministry = core_services.organisation_create(
        actor=None,
        name="Ministry of Agriculture, Irrigation and Livestock",
        kind="government",
        iati_type="10",
        country=world.afghanistan,
    )
    client = client_for(officer_afg)
    made = _post(
        client,
        "/api/v1/partners/",
        {"organisation": ministry.pk, "roles": ["implementing"], "countries": ["AFG"]},
    )
    assert made.status_code == 201
    partner = made.json()
    assert (partner["roles"], partner["countries"]) == (["implementing"], ["AFG"])

    changed = _patch(client, f"/api/v1/partners/{partner['id']}/", {"sectors": ["agriculture"]})
    assert changed.status_code == 200
    assert changed.json()["sectors"] == ["agriculture"]
    assert changed.json()["roles"] == ["implementing"]
    assert AuditEntry.objects.filter(action="partners.partner.updated").exists()

    again = _post(client, "/api/v1/partners/", {"organisation": ministry.pk, "roles": ["donor"]})
    assert again.status_code == 400
    assert again.json() == {"organisation": ["Partner with this Organisation already exists."]}
    arabic = client.post(
        "/api/v1/partners/",
        {"organisation": ministry.pk, "roles": ["donor"]},
        content_type="application/json",
        headers={"accept-language": "ar"},
    )
    assert arabic.json()["organisation"][0].count("الشريك") == 1


def test_a_partner_is_refused_on_the_field_that_is_wrong(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    refused = _post(
        client, "/api/v1/partners/", {"organisation": world.iofs.pk, "roles": ["benefactor"]}
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"roles"}
    assert "benefactor" in str(refused.json()["roles"])


def test_a_focal_point_is_added_with_its_language_and_removed(
    admin: User, partnerships: Partnerships, world: World
) -> None:
    partner = _post(
        client_for(admin),
        "/api/v1/partners/",
        {"organisation": partnerships.iom.pk, "roles": ["coordination"]},
    ).json()
    client = client_for(admin)
    url = f"/api/v1/partners/{partner['id']}/focal-points/"
    added = _post(
        client,
        url,
        {"title": "Chief of Mission", "organisation": partnerships.iom.pk, "language": "fr"},
    )
    assert added.status_code == 201
    assert added.json()["language"] == "fr"
    assert [row["language"] for row in client.get(url).json()] == ["fr"]

    removed = client.delete(f"/api/v1/focal-points/{added.json()['id']}/")
    assert removed.status_code == 204
    assert client.get(url).json() == []
    assert AuditEntry.objects.filter(action="partners.focalpoint.removed").exists()


def test_a_focal_point_in_an_unknown_language_is_refused_on_that_field(
    admin: User, partnerships: Partnerships
) -> None:
    client = client_for(admin)
    partner = _post(
        client,
        "/api/v1/partners/",
        {"organisation": partnerships.iom.pk, "roles": ["coordination"]},
    ).json()
    url = f"/api/v1/partners/{partner['id']}/focal-points/"
    refused = _post(
        client,
        url,
        {"title": "Chief of Mission", "organisation": partnerships.iom.pk, "language": "xx"},
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"language"}
    assert client.get(url).json() == []


def test_a_party_is_added_and_removed(officer_afg: User, partnerships: Partnerships) -> None:
    client = client_for(officer_afg)
    agreement = partnerships.agreement.pk
    added = _post(
        client,
        f"/api/v1/agreements/{agreement}/parties/",
        {"organisation": partnerships.iom.pk, "role": "witness"},
    )
    assert added.status_code == 200
    parties = client.get(f"/api/v1/agreements/{agreement}/").json()["parties"]
    assert {"id": added.json()["id"], "organisation": partnerships.iom.pk, "role": "witness"} in (
        parties
    )

    assert client.delete(f"/api/v1/agreement-parties/{added.json()['id']}/").status_code == 204
    parties = client.get(f"/api/v1/agreements/{agreement}/").json()["parties"]
    assert partnerships.iom.pk not in [party["organisation"] for party in parties]


def test_an_agreement_is_drafted_and_corrected(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    made = _post(
        client, "/api/v1/agreements/", {"kind": "mou", "title": "MoU on seeds", "country": "AFG"}
    )
    assert made.status_code == 201
    changed = _patch(
        client, f"/api/v1/agreements/{made.json()['id']}/", {"purpose": "Certified seed supply"}
    )
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["purpose"]) == (
        "MoU on seeds",
        "Certified seed supply",
    )


def test_an_obligation_is_added_and_its_status_set(
    officer_afg: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/agreements/{partnerships.agreement.pk}/obligations/"
    added = _post(
        client,
        url,
        {"description": "Quarterly report", "due_on": "2026-03-31", "owner": officer_afg.pk},
    )
    assert added.status_code == 201
    assert (added.json()["owner"], added.json()["status"]) == (officer_afg.pk, "pending")

    done = _post(client, f"/api/v1/obligations/{added.json()['id']}/status/", {"status": "done"})
    assert done.status_code == 200
    assert [row["status"] for row in client.get(url).json()] == ["done"]


def test_an_obligation_without_a_due_date_is_refused_on_that_field(
    officer_afg: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/agreements/{partnerships.agreement.pk}/obligations/"
    refused = _post(client, url, {"description": "Quarterly report"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"due_on"}
    assert client.get(url).json() == []


def test_a_document_is_uploaded_and_a_refused_type_names_the_file(
    officer_afg: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/agreements/{partnerships.agreement.pk}/documents/"
    stored = client.post(
        url,
        {"title": "Signed text", "file": SimpleUploadedFile("mou.pdf", PDF, "application/pdf")},
    )
    assert stored.status_code == 201
    assert (stored.json()["number"], stored.json()["content_type"]) == (1, "application/pdf")

    refused = client.post(
        url,
        {"title": "Signed text", "file": SimpleUploadedFile("mou.exe", b"MZ\x90\x00")},
    )
    assert refused.status_code == 400
    assert "Only PDF" in refused.json()["file"][0]
    assert [row["original_name"] for row in client.get(url).json()] == ["mou.pdf"]


def test_an_engagement_is_recorded_and_corrected(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    made = _post(
        client,
        "/api/v1/engagements/",
        {
            "kind": "visit",
            "title": "Field visit to Hirat",
            "held_on": "2025-06-10",
            "place": "Hirat",
            "country": "AFG",
            "organisations": [world.iofs.pk],
        },
    )
    assert made.status_code == 201
    changed = _patch(
        client, f"/api/v1/engagements/{made.json()['id']}/", {"outcomes": "Seed fair agreed"}
    )
    assert changed.status_code == 200
    assert (changed.json()["place"], changed.json()["outcomes"]) == ("Hirat", "Seed fair agreed")


def test_an_engagement_without_a_date_is_refused_on_that_field(
    officer_afg: User, world: World
) -> None:
    refused = _post(
        client_for(officer_afg),
        "/api/v1/engagements/",
        {
            "kind": "visit",
            "title": "Field visit",
            "place": "Hirat",
            "country": "AFG",
            "organisations": [world.iofs.pk],
        },
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"held_on"}


def test_a_follow_up_is_added_and_its_status_set(
    officer_afg: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/engagements/{partnerships.engagement.pk}/follow-ups/"
    added = _post(client, url, {"description": "Share the draft MoU", "owner": officer_afg.pk})
    assert added.status_code == 201
    assert client.get("/api/v1/my-follow-ups/").json()["count"] == 1

    done = _post(client, f"/api/v1/follow-ups/{added.json()['id']}/status/", {"status": "done"})
    assert done.status_code == 200
    assert [row["status"] for row in client.get(url).json()] == ["done"]
    assert client.get("/api/v1/my-follow-ups/").json()["count"] == 0


def _writes(p: Partnerships, admin: User) -> list[tuple[str, str]]:
    """Every write on Afghanistan's records, with a record of each kind to name."""
    client = client_for(admin)
    obligation = _post(
        client,
        f"/api/v1/agreements/{p.agreement.pk}/obligations/",
        {"description": "Report", "due_on": "2026-03-31"},
    ).json()["id"]
    follow_up = _post(
        client, f"/api/v1/engagements/{p.engagement.pk}/follow-ups/", {"description": "Call"}
    ).json()["id"]
    party = p.agreement.parties.order_by("pk").first()
    assert party is not None
    a, e = p.agreement.pk, p.engagement.pk
    return [
        ("patch", f"/api/v1/agreements/{a}/"),
        ("post", f"/api/v1/agreements/{a}/parties/"),
        ("post", f"/api/v1/agreements/{a}/documents/"),
        ("post", f"/api/v1/agreements/{a}/obligations/"),
        ("post", f"/api/v1/obligations/{obligation}/status/"),
        ("delete", f"/api/v1/agreement-parties/{party.pk}/"),
        ("patch", f"/api/v1/engagements/{e}/"),
        ("post", f"/api/v1/engagements/{e}/follow-ups/"),
        ("post", f"/api/v1/follow-ups/{follow_up}/status/"),
    ]


def test_another_country_officer_gets_404_as_for_a_missing_record(
    officer_kaz: User, admin: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_kaz)
    for method, url in _writes(partnerships, admin):
        answer = getattr(client, method)(url, {}, content_type="application/json")
        assert answer.status_code == 404, url
    assert partnerships.agreement.parties.count() == 2


def test_a_read_only_viewer_gets_403_before_the_body_is_read(
    viewer_afg: User, admin: User, partnerships: Partnerships
) -> None:
    client = client_for(viewer_afg)
    writes = [
        *_writes(partnerships, admin),
        ("post", "/api/v1/agreements/"),
        ("post", "/api/v1/engagements/"),
        ("post", "/api/v1/partners/"),
    ]
    for method, url in writes:
        # A body that would be refused: the right to write is asked first.
        answer = getattr(client, method)(url, {"kind": 7}, content_type="application/json")
        assert answer.status_code == 403, url
    assert client.get(f"/api/v1/agreements/{partnerships.agreement.pk}/").status_code == 200

"""Agreements and engagements are scoped by country, on every page and endpoint."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from tests.conftest import client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db


def _record_urls(p: Partnerships) -> list[str]:
    a, e = p.agreement.pk, p.engagement.pk
    return [
        f"/en/partners/agreements/{a}/",
        f"/en/partners/agreements/{a}/edit/",
        f"/en/partners/engagements/{e}/",
        f"/en/partners/engagements/{e}/edit/",
        f"/api/v1/agreements/{a}/",
        f"/api/v1/engagements/{e}/",
    ]


def _post_urls(p: Partnerships) -> list[str]:
    a, e = p.agreement.pk, p.engagement.pk
    return [
        f"/en/partners/agreements/{a}/step/terminate/",
        f"/en/partners/agreements/{a}/parties/",
        f"/en/partners/agreements/{a}/documents/",
        f"/en/partners/agreements/{a}/obligations/",
        f"/en/partners/engagements/{e}/follow-ups/",
        f"/api/v1/agreements/{a}/step/",
    ]


def test_officer_reaches_records_in_her_country(
    officer_afg: User, partnerships: Partnerships
) -> None:
    client = client_for(officer_afg)
    for url in _record_urls(partnerships):
        assert client.get(url).status_code == 200, url


def test_other_country_gets_404_everywhere(officer_kaz: User, partnerships: Partnerships) -> None:
    client = client_for(officer_kaz)
    for url in _record_urls(partnerships) + _post_urls(partnerships):
        method = client.post if url in _post_urls(partnerships) else client.get
        assert method(url).status_code == 404, url
    partnerships.agreement.refresh_from_db()
    assert partnerships.agreement.status == "active"


def test_lists_leave_other_countries_out(officer_kaz: User, partnerships: Partnerships) -> None:
    client = client_for(officer_kaz)
    agreements = client.get("/en/partners/agreements/").content.decode()
    assert "IOFS–IOM agreement" in agreements
    assert ">Cooperation agreement</a>" not in agreements
    engagements = client.get("/en/partners/engagements/").content.decode()
    assert "IOFS–IOM meeting" in engagements
    assert "IOFS–UNAMA meeting" not in engagements
    titles = [row["title"] for row in client.get("/api/v1/agreements/").json()["results"]]
    assert titles == ["IOFS–IOM agreement"]
    titles = [row["title"] for row in client.get("/api/v1/engagements/").json()["results"]]
    assert titles == ["IOFS–IOM meeting"]


def test_read_only_roles_get_403_on_writes(
    world: object, partnerships: Partnerships, admin: User
) -> None:
    from sunbula.core.services import role_grant
    from tests.conftest import make_persona

    analyst = make_persona("analyst@example.org", None, partnerships.unama, [])
    role_grant(actor=None, user=analyst, role="policy_analyst", organisation=partnerships.unama)
    client = client_for(analyst)
    assert client.get(f"/en/partners/agreements/{partnerships.agreement.pk}/").status_code == 200
    assert (
        client.get(f"/en/partners/agreements/{partnerships.agreement.pk}/edit/").status_code == 403
    )
    response = client.post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/step/terminate/", {"reason": "x"}
    )
    assert response.status_code == 403
    assert client.get("/en/partners/agreements/new/").status_code == 403


def test_no_role_no_partnership_pages(outsider: User, partnerships: Partnerships) -> None:
    client = client_for(outsider)
    for url in (
        "/en/partners/",
        "/en/partners/agreements/",
        "/en/partners/engagements/",
        "/en/partners/alerts/",
        "/api/v1/partners/",
        "/api/v1/agreements/",
        "/api/v1/engagements/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/my-follow-ups/").json()["count"] == 0


def test_donor_viewer_sees_partners_but_not_agreements(
    donor_viewer: User, partnerships: Partnerships
) -> None:
    client = client_for(donor_viewer)
    assert client.get("/en/partners/").status_code == 200
    assert client.get("/en/partners/agreements/").status_code == 403
    assert client.get(f"/en/partners/agreements/{partnerships.agreement.pk}/").status_code == 403


def test_api_create_is_limited_to_the_officer_country(officer_kaz: User, world: object) -> None:
    client = client_for(officer_kaz)
    body = {"kind": "mou", "title": "MoU", "country": "AFG"}
    refused = client.post("/api/v1/agreements/", body, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["country"]
    body["country"] = "KAZ"
    response = client.post("/api/v1/agreements/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "exploring"


def test_an_international_organisation_may_be_made_a_partner_from_any_country(
    officer_kaz: User, partnerships: Partnerships
) -> None:
    from sunbula.core.models import Organisation

    afghan_ngo = Organisation.objects.create(
        name="Afghan Relief", kind="ngo", iati_type="22", country=partnerships.agreement.country
    )
    client = client_for(officer_kaz)
    form = client.get("/en/partners/new/").content.decode()
    assert f'<option value="{partnerships.iom.pk}">' in form
    assert f'<option value="{afghan_ngo.pk}">' not in form
    response = client.post(
        "/en/partners/new/", {"organisation": partnerships.iom.pk, "roles": ["technical"]}
    )
    assert response.status_code == 302
    assert partnerships.iom.partner.roles == ["technical"]
    refused = client.post(
        "/en/partners/new/", {"organisation": afghan_ngo.pk, "roles": ["technical"]}
    )
    assert refused.status_code == 422

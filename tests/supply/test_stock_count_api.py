"""A stock count through the API: recorded by an officer of the site's country against the
book of the day counted, approved by someone else, refused on its fields as on the page; a
read-only viewer may read but not count, an officer of another country sees none of it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sunbula.core.models import AuditEntry, Role, User
from sunbula.core.validation import today_somewhere
from tests.conftest import World, client_for, make_persona
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db
JSON = "application/json"
COUNTS = "/api/v1/supply/stock-counts/"


@pytest.fixture
def second_officer_afg(world: World) -> User:
    return make_persona(
        "second.officer.afg@example.org", Role.PROGRAMME_OFFICER, world.iofs, [world.afghanistan]
    )


@pytest.fixture
def viewer_afg(world: World) -> User:
    return make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])


def _count(world: World, stock: Stock, **changes: Any) -> dict[str, Any]:
    return {
        "site": world.kabul_warehouse.pk,
        "counted_on": "2023-06-01",
        "reason": "Quarterly count",
        "lines": [{"lot": stock.kabul_lot.pk, "counted_quantity": "990"}],
        **changes,
    }


def _on_hand(client: Any, world: World, stock: Stock) -> str:
    balances = client.get(
        "/api/v1/supply/balances/", {"site": world.kabul_warehouse.pk, "lot": stock.kabul_lot.pk}
    ).json()["results"]
    return str(balances[0]["quantity"])


def test_a_count_is_set_against_the_book_and_approved_by_someone_else(
    world: World, stock: Stock, officer_afg: User, second_officer_afg: User
) -> None:
    counter = client_for(officer_afg)
    recorded = counter.post(COUNTS, _count(world, stock), content_type=JSON)
    assert recorded.status_code == 201, recorded.json()
    count = recorded.json()
    assert (count["status"], count["counted_by"]) == ("counted", officer_afg.pk)
    line = count["lines"][0]
    assert (line["lot_reference"], line["book_quantity"], line["counted_quantity"]) == (
        "LOT-KBL-1",
        "1000.000",
        "990.000",
    )
    assert _on_hand(counter, world, stock) == "1000.000"
    own = counter.post(f"{COUNTS}{count['id']}/approve/")
    assert own.status_code == 403
    assert "other than the counter" in own.json()["detail"]

    approver = client_for(second_officer_afg)
    approved = approver.post(f"{COUNTS}{count['id']}/approve/")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["approved_by"]) == (
        "approved",
        second_officer_afg.pk,
    )
    assert _on_hand(approver, world, stock) == "990.000"
    adjustments = approver.get(
        "/api/v1/supply/movements/", {"kind": "adjustment", "lot": stock.kabul_lot.pk}
    ).json()["results"]
    assert [(row["quantity"], row["reference"]) for row in adjustments] == [
        ("-10.000", f"COUNT-{count['id']}")
    ]
    again = approver.post(f"{COUNTS}{count['id']}/approve/")
    assert again.status_code == 403
    assert _on_hand(approver, world, stock) == "990.000"
    listed = approver.get(COUNTS, {"status": "approved"}).json()
    assert [row["id"] for row in listed["results"]] == [count["id"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"counted_on": "tomorrow"}, "counted_on"),
        ({"counted_on": "2023-05-01"}, "lot"),
        ({"site": "herat"}, "lot"),
        ({"site": "almaty"}, "site"),
        ({"reason": " "}, "reason"),
        ({"lines": []}, "lines"),
        ({"lines": [{"lot": "almaty", "counted_quantity": "5"}]}, "lines"),
        ({"lines": [{"lot": "kabul", "counted_quantity": "-1"}]}, "lines"),
        ({"lines": [{"lot": "kabul"}]}, "lines"),
    ],
)
def test_a_count_the_page_would_refuse_is_refused_on_its_field_and_nothing_is_written(
    world: World, stock: Stock, officer_afg: User, changes: dict[str, Any], field: str
) -> None:
    """A count in the future, of a lot that had not reached the site by then or is not at the
    site, at a site of another country, without reason or lines, or of a lot elsewhere."""
    named = {
        "tomorrow": (today_somewhere() + datetime.timedelta(days=1)).isoformat(),
        "herat": stock.herat_centre.pk,
        "almaty": world.almaty_warehouse.pk,
    }
    lots = {"almaty": stock.almaty_lot.pk, "kabul": stock.kabul_lot.pk}
    body = _count(world, stock)
    for key, value in changes.items():
        if key == "lines":
            body["lines"] = [{**line, "lot": lots[line["lot"]]} for line in value]
        else:
            body[key] = named.get(value, value)
    client = client_for(officer_afg)
    refused = client.post(COUNTS, body, content_type=JSON)
    assert refused.status_code == 400, refused.json()
    assert field in refused.json(), refused.json()
    assert client.get(COUNTS).json()["count"] == 0


def test_a_read_only_viewer_reads_counts_but_is_refused_before_the_body_is_read(
    world: World, stock: Stock, officer_afg: User, viewer_afg: User
) -> None:
    recorded = client_for(officer_afg).post(COUNTS, _count(world, stock), content_type=JSON)
    pk = recorded.json()["id"]
    viewer = client_for(viewer_afg)
    assert [row["id"] for row in viewer.get(COUNTS).json()["results"]] == [pk]
    assert viewer.get(f"{COUNTS}{pk}/").json()["lines"][0]["book_quantity"] == "1000.000"
    assert viewer.post(COUNTS, {"site": "?"}, content_type=JSON).status_code == 403
    assert viewer.post(COUNTS, _count(world, stock), content_type=JSON).status_code == 403
    assert viewer.post(f"{COUNTS}{pk}/approve/").status_code == 403
    assert viewer.get(f"{COUNTS}{pk}/").json()["status"] == "counted"


def test_an_officer_of_another_country_meets_a_count_as_if_it_did_not_exist(
    world: World, stock: Stock, officer_afg: User, officer_kaz: User
) -> None:
    recorded = client_for(officer_afg).post(COUNTS, _count(world, stock), content_type=JSON)
    pk = recorded.json()["id"]
    other = client_for(officer_kaz)
    assert other.get(COUNTS).json()["count"] == 0
    for url in (f"{COUNTS}{pk}/", f"{COUNTS}987654/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"{COUNTS}{pk}/approve/").status_code == 404
    assert other.post(f"{COUNTS}987654/approve/").status_code == 404
    outside = other.post(COUNTS, _count(world, stock), content_type=JSON)
    assert outside.status_code == 400 and {"site", "lines"} <= set(outside.json())
    assert client_for(officer_afg).get(f"{COUNTS}{pk}/").json()["status"] == "counted"


def test_a_mistaken_count_is_rejected_with_why_and_books_nothing(
    world: World, stock: Stock, officer_afg: User, second_officer_afg: User
) -> None:
    counter = client_for(officer_afg)
    count = counter.post(COUNTS, _count(world, stock), content_type=JSON).json()
    reject = f"{COUNTS}{count['id']}/reject/"
    approver = client_for(second_officer_afg)
    unexplained = approver.post(reject, {"reason": ""}, content_type=JSON)
    assert unexplained.status_code == 400 and "reason" in unexplained.json()
    own = counter.post(reject, {"reason": "Mistyped"}, content_type=JSON)
    assert own.status_code == 403
    rejected = approver.post(reject, {"reason": "990 mistyped; count again"}, content_type=JSON)
    assert rejected.status_code == 200, rejected.json()
    answer = rejected.json()
    assert (answer["status"], answer["rejected_by"], answer["rejection_reason"]) == (
        "rejected",
        second_officer_afg.pk,
        "990 mistyped; count again",
    )
    assert _on_hand(approver, world, stock) == "1000.000"
    # Rejected, it can be neither approved nor rejected again; a new count is recorded.
    for step in ("approve", "reject"):
        again = approver.post(
            f"{COUNTS}{count['id']}/{step}/", {"reason": "Again"}, content_type=JSON
        )
        assert again.status_code == 403 and "rejected" in again.json()["detail"]
    entry = AuditEntry.objects.get(action="supply.stockcount.rejected")
    assert (
        entry.actor == second_officer_afg and entry.after["reason"] == "990 mistyped; count again"
    )


def test_the_counts_page_rejects_a_count_with_why(
    world: World, stock: Stock, officer_afg: User, second_officer_afg: User
) -> None:
    count = client_for(officer_afg).post(COUNTS, _count(world, stock), content_type=JSON).json()
    page = client_for(second_officer_afg)
    listed = page.get("/en/supply/counts/").content.decode()
    assert f'action="/en/supply/counts/{count["id"]}/reject/"' in listed
    unexplained = page.post(f"/en/supply/counts/{count['id']}/reject/", {"reason": " "})
    assert unexplained.status_code == 422
    assert "Say why the count is rejected." in unexplained.content.decode()
    done = page.post(f"/en/supply/counts/{count['id']}/reject/", {"reason": "Lot missed"})
    assert done.status_code == 302
    after = page.get("/en/supply/counts/").content.decode()
    assert "Rejected: Lot missed" in after and "/reject/" not in after

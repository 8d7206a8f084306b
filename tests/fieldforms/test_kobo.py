"""KoboToolbox: a submission its REST service pushes, and a project pulled through the API
v2, both from recorded payloads; pulling again adds nothing, and a pull cut short resumes.
Kobo's data API says of no submission when it was edited (an edit keeps its submission
time): pulling again from the start, on the page or through the API, brings edits in."""

from __future__ import annotations

import base64
import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import AuditEntry, Site, User
from sunbula.fieldforms import kobo_client, services
from sunbula.fieldforms.models import Channel, FieldForm, KoboSource, Submission
from sunbula.fieldforms.tasks import kobo_pull_one
from sunbula.registry.models import Household, Person
from tests.conftest import Field, client_for
from tests.fieldforms.conftest import PUSH_PATH
from tests.fieldforms.conftest import PUSH_SECRET as SECRET

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
PUSHED = json.loads((HERE / "kobo_rest_service_push.json").read_text())
PAGE = json.loads((HERE / "kobo_v2_data_page.json").read_text())


@pytest.fixture
def pull_source(
    admin: User,
    officer_afg: User,
    distribution_form: FieldForm,
    scene: tuple[list[Entitlement], list[Site], int],
) -> KoboSource:
    return services.kobo_source_save(
        actor=admin,
        name="Herat centre hand-overs (Kobo)",
        form=distribution_form,
        asset_uid="aHv7Tq2LmX9pK4cW8nRb3s",
        acting_user=officer_afg,
        mapping={
            "card": "beneficiary",
            "commodity_code": "commodity",
            "qty_kg": "quantity",
            "handover_date": "distributed_on",
        },
        secret="another-secret",
    )


def _push(record: dict[str, Any], secret: str = SECRET) -> Any:
    return Client().post(
        PUSH_PATH,
        json.dumps(record),
        content_type="application/json",
        HTTP_X_SUNBULA_SECRET=secret,
    )


def test_a_pushed_submission_registers_the_household(push_source: KoboSource) -> None:
    response = _push(PUSHED)
    assert response.status_code == 201, response.content
    household = Household.objects.get(reference="HH-KOBO-7")
    assert household.displacement_status == "idp"
    assert Person.objects.filter(household=household).count() == 2
    submission = Submission.objects.get(instance_id=f"uuid:{PUSHED['_uuid']}")
    assert submission.channel == Channel.KOBO_PUSH
    assert _push(PUSHED).status_code == 200
    assert Household.objects.filter(reference="HH-KOBO-7").count() == 1


def test_the_secret_may_come_as_the_basic_password(push_source: KoboSource) -> None:
    credentials = base64.b64encode(f"kobo:{SECRET}".encode()).decode()
    response = Client().post(
        PUSH_PATH,
        json.dumps(PUSHED),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 201


def test_a_wrong_secret_is_refused(push_source: KoboSource) -> None:
    assert _push(PUSHED, "guess").status_code == 401
    assert not Submission.objects.exists()


class Kobo:
    """The Kobo API as recorded, in pages of `size`; `fail_at` cuts a pull short."""

    def __init__(self, size: int, fail_at: int | None = None) -> None:
        self.size, self.fail_at = size, fail_at
        self.asked: list[str] = []

    def __call__(self, url: str) -> dict[str, Any]:
        self.asked.append(url)
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query)
        assert parts.path == "/api/v2/assets/aHv7Tq2LmX9pK4cW8nRb3s/data/"
        since = (
            json.loads(query["query"][0])["_submission_time"]["$gte"] if "query" in query else ""
        )
        results = [row for row in PAGE["results"] if row["_submission_time"] >= since]
        start = int(query.get("start", ["0"])[0])
        if self.fail_at is not None and start >= self.fail_at:
            raise OSError("connection reset")
        page = results[start : start + self.size]
        more = start + self.size < len(results)
        following = {**{key: value[0] for key, value in query.items()}, "start": start + self.size}
        return {
            "count": len(results),
            "next": f"{parts.scheme}://{parts.netloc}{parts.path}?{urllib.parse.urlencode(following)}"
            if more
            else None,
            "previous": None,
            "results": page,
        }


def test_a_pull_records_the_hand_overs_and_pulling_again_adds_nothing(
    admin: User, pull_source: KoboSource, field: Field
) -> None:
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=1000)) == 3
    assert Distribution.objects.filter(site=field.centre).count() == 3
    assert set(Submission.objects.values_list("status", flat=True)) == {"applied"}
    second = Kobo(size=1000)
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=second) == 0
    assert "2026-12-01T03%3A38%3A41" in second.asked[0]
    assert Distribution.objects.count() == 3


def test_a_pull_cut_short_resumes_where_it_stopped(admin: User, pull_source: KoboSource) -> None:
    with pytest.raises(OSError, match="connection reset"):
        services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=2, fail_at=2))
    pull_source.refresh_from_db()
    assert Distribution.objects.count() == 2
    assert pull_source.pulled_until is not None
    assert pull_source.pulled_until.isoformat() == "2026-12-01T03:36:55+00:00"
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=2)) == 1
    assert Distribution.objects.count() == 3


def test_pull_now_queues_the_pull_through_the_task_queue(
    admin: User, officer_afg: User, pull_source: KoboSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult
    from rest_framework.test import APIClient

    from sunbula.fieldforms import kobo_client
    from sunbula.fieldforms.tasks import kobo_pull_one

    page = Client()
    page.force_login(officer_afg)  # reviews submissions, does not manage Kobo projects
    url = reverse("fieldforms:kobo_source_pull", args=[pull_source.pk])
    assert page.post(url).status_code == 403
    api = APIClient()
    api.force_authenticate(officer_afg)
    assert api.post(f"/api/v1/fieldforms/kobo-sources/{pull_source.pk}/pull/").status_code == 403
    assert not DBTaskResult.objects.exists()

    page = client_for(admin)  # past the second factor an administrator owes
    assert page.post(url).status_code == 302
    api.force_authenticate(admin)
    answer = api.post(f"/api/v1/fieldforms/kobo-sources/{pull_source.pk}/pull/")
    assert answer.status_code == 202
    queued = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [task.task_path for task in queued] == ["sunbula.fieldforms.tasks.kobo_pull_one"] * 2
    assert queued[0].args_kwargs["args"] == [pull_source.pk, admin.pk]
    assert answer.json() == {"task": str(queued[1].id)}
    requested = AuditEntry.objects.filter(action="fieldforms.kobosource.pull_requested")
    assert [entry.actor for entry in requested] == [admin, admin]
    assert not Distribution.objects.exists()

    monkeypatch.setattr(kobo_client, "kobo_fetch", Kobo(size=1000))
    assert kobo_pull_one.call(*queued[0].args_kwargs["args"]) == "3 new submissions"
    assert Distribution.objects.count() == 3
    assert AuditEntry.objects.get(action="fieldforms.kobosource.pulled").actor == admin


def test_a_kobo_price_record_keeps_its_rows_under_the_saved_names() -> None:
    from sunbula.fieldforms.xforms import kobo_values

    record = {
        "_uuid": "c1b2",
        "formhub/uuid": "f00",
        "market_name": "Herat central bazaar",
        "group_visit/observed_on": "2026-12-01",
        "currency": "AFN",
        "item": [
            {"item/commodity": "Wheat flour", "item/price_afn": "40", "item/unit": "KG"},
            {"item/commodity": "Rice", "item/price_afn": "90", "item/unit": "KG"},
        ],
    }
    mapping = {"market_name": "market", "item/price_afn": "price"}
    assert kobo_values(record, mapping, "market_prices") == {
        "market": "Herat central bazaar",
        "observed_on": "2026-12-01",
        "currency": "AFN",
        "item": [
            {"commodity": "Wheat flour", "price": "40", "unit": "KG"},
            {"commodity": "Rice", "price": "90", "unit": "KG"},
        ],
    }


def _one_page(rows: list[dict[str, Any]]) -> Any:
    return lambda url: {"count": len(rows), "next": None, "previous": None, "results": rows}


def test_a_record_kobo_changed_only_its_bookkeeping_of_is_the_one_received(
    admin: User, pull_source: KoboSource
) -> None:
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=1000)) == 3
    reviewed = [
        {
            **row,
            "_validation_status": {"uid": "validation_status_approved", "label": "Approved"},
            "_notes": [{"note": "checked by the M&E team"}],
        }
        for row in PAGE["results"]
    ]
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=_one_page(reviewed)) == 0
    pull_source.refresh_from_db()
    assert pull_source.pull_problems == []
    assert Distribution.objects.count() == 3


def test_a_pushed_record_pulled_later_is_not_a_conflict(push_source: KoboSource) -> None:
    assert _push(PUSHED).status_code == 201
    listed = {**PUSHED, "_validation_status": {"uid": "validation_status_on_hold"}}
    listed.pop("_status")
    assert services.kobo_pull(actor=None, source=push_source, fetch=_one_page([listed])) == 0
    push_source.refresh_from_db()
    assert push_source.pull_problems == []
    assert Submission.objects.count() == 1


def test_a_record_refused_is_left_out_named_and_the_pull_goes_on(
    admin: User, pull_source: KoboSource
) -> None:
    first, second, third = PAGE["results"]
    services.kobo_pull(actor=admin, source=pull_source, fetch=_one_page([first]))
    changed = {**first, "qty_kg": "75"}
    no_uuid = {key: value for key, value in second.items() if key != "_uuid"}
    rows = [changed, no_uuid, third]
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=_one_page(rows)) == 1
    pull_source.refresh_from_db()
    assert pull_source.pulled_until is not None
    assert pull_source.pulled_until.isoformat().startswith(third["_submission_time"])
    assert Submission.objects.count() == 2
    assert len(pull_source.pull_problems) == 2
    page = client_for(admin).get("/fr/field-forms/kobo/").content.decode()
    assert f"Enregistrement Kobo {first['_id']}" in page
    assert first["_uuid"] in page
    assert f"Enregistrement Kobo {second['_id']}" in page
    assert "_uuid" in page


def test_a_project_whose_server_cannot_be_reached_says_so_and_the_others_are_pulled(
    admin: User, push_source: KoboSource, pull_source: KoboSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scheduled pull goes through every project: one out of reach keeps why on its row
    of the Kobo projects page, and the next is pulled all the same."""
    import urllib.error

    from sunbula.fieldforms import kobo_client
    from sunbula.fieldforms.tasks import kobo_pull_all

    recorded = Kobo(size=1000)

    def fetch(url: str) -> dict[str, Any]:
        if push_source.asset_uid in url:
            raise urllib.error.URLError(OSError("Name or service not known"))
        return recorded(url)

    monkeypatch.setattr(kobo_client, "kobo_fetch", fetch)
    # The project out of reach comes first: the pull does not stop there.
    assert push_source.pk < pull_source.pk
    assert kobo_pull_all.call() == "3 new submissions, 1 projects failed"
    assert Distribution.objects.count() == 3
    push_source.refresh_from_db()
    pull_source.refresh_from_db()
    assert push_source.pull_failed_at is not None and pull_source.pull_failure == {}
    assert AuditEntry.objects.filter(
        action="fieldforms.kobosource.pull_failed", object_id=str(push_source.pk)
    ).exists()
    page = client_for(admin).get("/en/field-forms/kobo/").content.decode()
    assert "The Kobo server could not be reached: Name or service not known." in page
    french = client_for(admin).get("/fr/field-forms/kobo/").content.decode()
    assert "Le serveur Kobo n&#x27;a pas pu être joint" in french
    api = client_for(admin).get(f"/api/v1/fieldforms/kobo-sources/{push_source.pk}/").json()
    assert api["pull_failure"].startswith("The Kobo server could not be reached")

    # Once the server answers again, the next pull clears what the page said.
    def answering(url: str) -> dict[str, Any]:
        if push_source.asset_uid in url:
            return {"count": 0, "next": None, "previous": None, "results": []}
        return recorded(url)

    monkeypatch.setattr(kobo_client, "kobo_fetch", answering)
    assert kobo_pull_all.call() == "0 new submissions, 0 projects failed"
    push_source.refresh_from_db()
    assert (push_source.pull_failure, push_source.pull_failed_at) == ({}, None)
    assert (
        "could not be reached"
        not in client_for(admin).get("/en/field-forms/kobo/").content.decode()
    )


EDITED_UUID = "0d1e2f3a-4b5c-4d6e-9f70-8a9b0c1d2e3f"


def test_an_edit_made_in_kobo_comes_in_when_pulled_again_from_the_start(
    admin: User,
    pull_source: KoboSource,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=1000)) == 3
    first = PAGE["results"][0]
    edited = {
        **first,
        "qty_kg": "45",
        "_uuid": EDITED_UUID,
        "meta/instanceID": f"uuid:{EDITED_UUID}",
        "meta/deprecatedID": first["meta/instanceID"],
    }
    monkeypatch.setitem(PAGE, "results", [edited, *PAGE["results"][1:]])
    assert services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=1000)) == 0
    assert not Submission.objects.filter(instance_id=f"uuid:{EDITED_UUID}").exists()

    url = reverse("fieldforms:kobo_source_pull", args=[pull_source.pk])
    assert client_for(admin).post(url, {"from_start": "1"}).status_code == 302
    pull_source.refresh_from_db()
    assert pull_source.pulled_until is None
    entry = AuditEntry.objects.get(action="fieldforms.kobosource.pull_requested")
    assert entry.before["pulled_until"] and entry.after == {
        "pulled_until": None,
        "from_start": True,
    }
    queued = DBTaskResult.objects.get()
    kobo = Kobo(size=1000)
    monkeypatch.setattr(kobo_client, "kobo_fetch", kobo)
    assert kobo_pull_one.call(*queued.args_kwargs["args"]) == "1 new submissions"
    assert "query=" not in kobo.asked[0]  # every submission, not those since the last pull
    assert Submission.objects.filter(instance_id=f"uuid:{EDITED_UUID}").exists()
    assert Submission.objects.count() == 4
    pull_source.refresh_from_db()
    assert pull_source.pulled_until is not None


def test_the_api_pulls_from_the_start_only_when_asked(
    admin: User,
    pull_source: KoboSource,
) -> None:
    services.kobo_pull(actor=admin, source=pull_source, fetch=Kobo(size=1000))
    api = client_for(admin)
    pull = f"/api/v1/fieldforms/kobo-sources/{pull_source.pk}/pull/"
    assert api.post(pull, {}, content_type="application/json").status_code == 202
    pull_source.refresh_from_db()
    assert pull_source.pulled_until is not None
    refused = api.post(pull, {"from_start": "perhaps"}, content_type="application/json")
    assert refused.status_code == 400 and list(refused.json()) == ["from_start"]
    again = api.post(pull, {"from_start": True}, content_type="application/json")
    assert again.status_code == 202
    pull_source.refresh_from_db()
    assert pull_source.pulled_until is None
    assert DBTaskResult.objects.count() == 2

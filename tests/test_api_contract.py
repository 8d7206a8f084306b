"""The API answers as its OpenAPI schema says, operation by operation, on the demo.

Every operation in the schema is called by the demo's administrator: a read on a real record
must succeed with a body of the documented shape; a write, sent an empty body, may refuse,
but only with a status the schema documents, never 405 or a server error. What a write
changes is rolled back with the test."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db.models import Model
from django.urls import resolve
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from sunbula.allocation.models import AllocationProposal, ProposalLine
from sunbula.assistance.models import Distribution
from sunbula.core.models import Country, User
from sunbula.fieldforms.models import KoboSource
from sunbula.funding.models import Pledge
from sunbula.learning.models import Delegation, Event, Survey
from sunbula.partners.models import FollowUpAction
from sunbula.programmes.models import ReportingPeriod
from sunbula.registry.models import Consent, DedupeRun, DuplicatePair, Farmer, Person
from sunbula.reports.models import ReportRun
from sunbula.supply.models import ExpiryWriteOff, PurchaseOrder, StockBalance
from tests.openapi import assert_shape, drawn, schema

ADMINISTRATOR = "admin@sunbula.example"
WRITES = ("post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A value each kind of key can take when the path is matched to its view.
SAMPLE = {"id": "1", "iso3": "AFG", "p_code": "AF32"}

# What the issues ask the API to create, by path: each must be offered as a POST.
CREATE_OPERATIONS = [
    "/api/v1/funding/conferences/",
    "/api/v1/funding/appeals/",
    "/api/v1/funding/requirements/",
    "/api/v1/learning/events/",
    "/api/v1/learning/courses/",
    "/api/v1/supply/commodities/",
    "/api/v1/sites/",
    "/api/v1/supply/sites/",
    "/api/v1/registry/institutions/",
    "/api/v1/registry/households/",
    "/api/v1/registry/people/{id}/farm/",
    "/api/v1/registry/people/{id}/consents/",
    "/api/v1/users/",
    "/api/v1/role-assignments/",
    "/api/v1/assets/",
    "/api/v1/supply/purchases/",
    "/api/v1/assistance/cycles/",
    "/api/v1/assistance/rations/",
    "/api/v1/assistance/cycles/{id}/generate/",
    "/api/v1/assistance/cycles/{id}/approve/",
    "/api/v1/assistance/distributions/",
    "/api/v1/assistance/distributions/bulk/",
    "/api/v1/markets/",
    "/api/v1/market-prices/",
]
LISTS = [
    "/api/v1/assistance/cycles/",
    "/api/v1/assistance/rations/",
    "/api/v1/assistance/entitlements/",
    "/api/v1/assistance/distributions/",
]


def operations() -> list[tuple[str, str]]:
    return [
        (path, method)
        for path, item in schema()["paths"].items()
        for method in item
        if method in ("get", *WRITES)
    ]


# Where the first record of the path's model is not one the operation reads: the record to
# use instead (the administrator sees every country).
def _farmer() -> Model | None:
    farmer = Farmer.objects.order_by("pk").first()
    return farmer.person if farmer else None


RECORDS: dict[str, Callable[[], Model | None]] = {
    "/api/v1/registry/people/{id}/farm/": _farmer,
    "/api/v1/supply/balances/{id}/": lambda: (
        StockBalance.objects.filter(quantity__gt=0).order_by("pk").first()
    ),
}
# The model a path's key names, where its view has no queryset to tell.
MODELS: dict[str, type[Model]] = {
    "/api/v1/reporting-periods/": ReportingPeriod,
    "/api/v1/learning/delegations/": Delegation,
    "/api/v1/registry/consents/": Consent,
    "/api/v1/supply/pipeline/": Pledge,
    "/api/v1/registry/people/": Person,
    "/api/v1/dashboards/": Country,
}
# Records the demo does not have: these operations are asked about an id that does not
# exist, and must say so as documented (404).
NOT_IN_DEMO: dict[str, Callable[[User], bool]] = {
    "/api/v1/allocation/lines/": lambda _user: ProposalLine.objects.exists(),
    "/api/v1/allocation/proposals/": lambda _user: AllocationProposal.objects.exists(),
    "/api/v1/fieldforms/kobo-sources/": lambda _user: KoboSource.objects.exists(),
    "/api/v1/learning/delegations/": lambda _user: Delegation.objects.exists(),
    "/api/v1/learning/surveys/": lambda _user: Survey.objects.exists(),
    "/api/v1/my-follow-ups/": lambda user: FollowUpAction.objects.filter(owner=user).exists(),
    "/api/v1/registry/checks/": lambda _user: DedupeRun.objects.exists(),
    "/api/v1/registry/duplicates/": lambda _user: DuplicatePair.objects.exists(),
    "/api/v1/reports/runs/": lambda user: ReportRun.objects.filter(requested_by=user).exists(),
    "/api/v1/supply/purchases/": lambda _user: PurchaseOrder.objects.exists(),
    "/api/v1/supply/write-offs/": lambda _user: ExpiryWriteOff.objects.exists(),
}
MISSING = 987654321


def _point_list() -> dict[str, Any]:
    distribution = Distribution.objects.select_related("entitlement").order_by("pk").first()
    assert distribution is not None
    return {"site": distribution.site_id, "cycle": distribution.entitlement.cycle_id}


def _query(path: str) -> dict[str, Any]:
    """Values for the operation's required query parameters."""
    if path == "/api/v1/learning/registrations/":
        return {"event": Event.objects.order_by("pk").values_list("pk", flat=True).first()}
    if path == "/api/v1/assistance/point/{id}/entitlements/":
        return {"site": _point_list()["site"]}
    return {}


def _view(path: str) -> Any:
    return resolve(PLACEHOLDER.sub(lambda match: SAMPLE[match.group(1)], path)).func.cls  # type: ignore[attr-defined]


def _model(path: str) -> type[Model]:
    for prefix, model in MODELS.items():
        if path.startswith(prefix):
            return model
    queryset = getattr(_view(path), "queryset", None)
    assert queryset is not None, f"{path}: which record does the path name?"
    return queryset.model  # type: ignore[no-any-return]


def missing_from_demo(path: str, user: User) -> bool:
    for prefix, exists in NOT_IN_DEMO.items():
        if path.startswith(prefix) and "{" in path:
            assert not exists(user), f"{prefix}: the demo has one now; take it off NOT_IN_DEMO"
            return True
    return False


def concrete(path: str, user: User) -> str:
    """The path with its key filled in from a demo record the administrator can see."""
    if "{" not in path:
        return path
    if missing_from_demo(path, user):
        return PLACEHOLDER.sub(str(MISSING), path)
    if path == "/api/v1/assistance/point/{id}/entitlements/":
        return PLACEHOLDER.sub(str(_point_list()["cycle"]), path)
    found = RECORDS.get(path, lambda: _model(path)._default_manager.order_by("pk").first())
    record = found()
    assert record is not None, f"{path}: the demo has no record for this operation"
    value: Any = record
    for part in getattr(_view(path), "lookup_field", "pk").split("__"):
        value = getattr(value, part)
    return PLACEHOLDER.sub(str(value), path)


# --- the tests --------------------------------------------------------------------------


def test_the_schema_is_drawn_without_a_warning() -> None:
    """What `sunbula spectacular --validate --fail-on-warn` checks."""
    assert drawn()[1] == []
    validate_schema(schema())


@pytest.mark.parametrize("path", CREATE_OPERATIONS)
def test_the_schema_offers_the_create_operation(path: str) -> None:
    assert "post" in schema()["paths"].get(path, {}), path


@pytest.mark.parametrize("path", LISTS)
def test_the_schema_offers_the_list(path: str) -> None:
    assert "get" in schema()["paths"].get(path, {}), path


def test_no_operation_is_documented_twice_or_without_an_answer() -> None:
    ids = [
        operation["operationId"]
        for item in schema()["paths"].values()
        for method, operation in item.items()
        if method in ("get", *WRITES)
    ]
    assert len(ids) == len(set(ids))
    for path, method in operations():
        codes = schema()["paths"][path][method]["responses"]
        assert any(code.startswith("2") for code in codes), (method, path)


@pytest.fixture
def administrator(demo: None) -> Iterator[APIClient]:
    client = APIClient()
    client.force_authenticate(User.objects.get(email=ADMINISTRATOR))
    yield client
    client.force_authenticate(None)


def _send(client: APIClient, method: str, url: str, operation: dict[str, Any], path: str) -> Any:
    if method == "get":
        return client.get(url, _query(path))
    if method == "delete":
        return client.delete(url)
    media = operation.get("requestBody", {}).get("content", {"application/json": {}})
    if "application/json" in media:
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url, {}, format="multipart")


@pytest.mark.parametrize(("path", "method"), operations())
def test_the_operation_answers_as_documented(
    administrator: APIClient, path: str, method: str
) -> None:
    operation = schema()["paths"][path][method]
    url = concrete(path, User.objects.get(email=ADMINISTRATOR))
    response = _send(administrator, method, url, operation, path)
    label = f"{method.upper()} {url} answered {response.status_code}"
    assert response.status_code != 405, label
    assert response.status_code < 500, label
    documented = operation["responses"]
    assert str(response.status_code) in documented, f"{label}; documented: {sorted(documented)}"
    if method != "get":
        return
    if str(MISSING) in url:
        assert response.status_code == 404, label
        return
    assert response.status_code < 300, label
    content = documented[str(response.status_code)].get("content", {})
    if "application/json" in content:
        assert_shape(response.json(), content["application/json"]["schema"], label)
    elif content:
        given = response["Content-Type"].split(";")[0]
        assert given in content, f"{label} as {given}; documented: {sorted(content)}"

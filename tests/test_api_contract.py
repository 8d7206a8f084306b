"""The API answers as its OpenAPI schema says, operation by operation, on the demo.

Every operation in the schema is called by the demo's administrator: a read on a real record
must succeed with a body of the documented shape; a write, sent an empty body, may refuse,
but only with a status the schema documents, never 405 or a server error. What a write
changes is rolled back with the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from sunbula.core.models import User
from tests.openapi import assert_shape, drawn, schema
from tests.operations import ADMINISTRATOR, MISSING, WRITES, concrete, operations, query_for

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
        return client.get(url, query_for(path))
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

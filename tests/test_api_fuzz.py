"""The API holds to its OpenAPI schema whatever a client sends that the schema allows.

Schemathesis reads the schema the application serves and, for every operation in it, draws a
few requests the schema allows (query, body, headers), with the path naming a real record of
the demo, and sends them in-process to the WSGI application as the demo's administrator
holding a read-and-write API token. Each answer must not be a server error, must have a status
the operation documents, a documented content type, and a body of the documented shape. Each
request runs in a savepoint that is rolled back, so the demo is left as it was found.

Generation is derandomised: the same requests are drawn on every run and on both databases.
"""

from __future__ import annotations

import datetime
import re
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.test import APIClient
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from sunbula.core import services
from sunbula.core.api import CountryViewSet
from sunbula.core.models import User
from sunbula.partners.models import Agreement
from sunbula.programmes.models import ReportingPeriod
from tests.openapi import assert_documented, assert_shape, schema
from tests.operations import ADMINISTRATOR, MISSING, PLACEHOLDER, concrete, query_for

# Requests drawn per operation: enough to try an empty, a full and a couple of mixed bodies
# and queries, few enough for the whole API to take well under a minute.
EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
HOST = "http://testserver"
METHODS = ("get", "put", "post", "patch", "delete")


@contextmanager
def _in_process() -> Iterator[list[str]]:
    """Requests go straight to the WSGI handler inside the test's transaction: the handler's
    signals must not close the connection between requests (as Django's test client keeps
    them from doing); a server error's traceback is kept to tell what broke."""
    errors: list[str] = []

    def keep(**_kwargs: Any) -> None:
        errors.append(traceback.format_exc())

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep, weak=False)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _key() -> str:
    administrator = User.objects.get(email=ADMINISTRATOR)
    _token, key = services.api_token_create(
        actor=administrator,
        user=administrator,
        name="Schema conformance",
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        read_only=False,
    )
    return key


@dataclass
class Served:
    """The schema as the application serves it, the application, and what each request sends."""

    api: Any
    app: WSGIHandler
    headers: dict[str, str]
    errors: list[str]  # the tracebacks of the server errors met by the latest request


@dataclass
class Outcome:
    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _fuzz(operation: Any, served: Served) -> Outcome:
    """Send the operation its examples, each in a savepoint rolled back after it."""
    path = operation.path
    url = concrete(path, User.objects.get(email=ADMINISTRATOR))
    record = dict(zip(PLACEHOLDER.findall(path), _values(path, url), strict=True))
    query = {key: str(value) for key, value in query_for(path).items()}
    outcome = Outcome()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(
            GenerationMode.POSITIVE, path_parameters=record, query=query or None
        )
    )
    def send(case: Any) -> None:
        del served.errors[:]
        with transaction.atomic():
            response = case.call(app=served.app, base_url=HOST, headers=served.headers)
            transaction.set_rollback(True)
        outcome.statuses.append(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=served.headers)
        except FailureGroup as failed:
            outcome.failures.append(str(failed) + "".join(served.errors))

    send()
    return outcome


def _values(template: str, url: str) -> list[str]:
    """The values `concrete` put in place of the template's keys."""
    parts = [part for part in template.split("/") if part]
    filled = [part for part in url.split("/") if part]
    return [value for part, value in zip(parts, filled, strict=True) if PLACEHOLDER.fullmatch(part)]


@contextmanager
def _serving(load: Callable[[WSGIHandler, dict[str, str]], Any]) -> Iterator[Served]:
    app = WSGIHandler()
    # Plain answers: compressed ones are the gzip middleware's business, not the schema's.
    headers = {"Authorization": f"Bearer {_key()}", "Accept-Encoding": "identity"}
    with _in_process() as errors:
        yield Served(load(app, headers), app, headers, errors)


@pytest.fixture
def served(demo: None) -> Iterator[Served]:
    """The schema as the application serves it to the token."""
    with _serving(
        lambda app, headers: schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", app, headers=headers
        )
    ) as served:
        yield served


@pytest.fixture
def drawn(demo: None) -> Iterator[Served]:
    """The schema as drawn for the other API tests (drawn once in a run)."""
    with _serving(lambda _app, _headers: schemathesis.openapi.from_dict(schema())) as served:
        yield served


def _operations(served: Served) -> dict[str, Any]:
    found = {}
    for result in served.api.get_all_operations():
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


def test_every_operation_answers_within_its_schema(served: Served) -> None:
    operations = _operations(served)
    outcomes = {label: _fuzz(operation, served) for label, operation in operations.items()}
    failed = {label: outcome.failures for label, outcome in outcomes.items() if outcome.failures}
    assert not failed, f"{len(failed)} operations broke their schema:\n\n" + "\n\n".join(
        f"== {label}\n{failures[0]}" for label, failures in sorted(failed.items())
    )
    # Every operation the schema documents was called, and got past authentication.
    documented = [
        f"{method.upper()} {path}"
        for path, item in served.api.raw_schema["paths"].items()
        for method in item
        if method in METHODS
    ]
    assert len(documented) >= 200, len(documented)
    assert sorted(outcomes) == sorted(documented)
    unexercised = [label for label in documented if not outcomes[label].statuses]
    assert not unexercised, f"never called: {unexercised}"
    refused = [label for label, outcome in outcomes.items() if set(outcome.statuses) == {401}]
    assert not refused, f"the token was refused: {refused}"


def test_a_server_error_is_reported(drawn: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the fuzzing would see of a fault: the 500, with the traceback that explains it."""

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the country list broke")

    monkeypatch.setattr(CountryViewSet, "list", broken)
    outcome = _fuzz(_operations(drawn)["GET /api/v1/countries/"], drawn)
    assert outcome.statuses and set(outcome.statuses) == {500}
    assert "Server error" in outcome.failures[0]
    assert "the country list broke" in outcome.failures[0]


# --- what the fuzzing found, pinned -------------------------------------------------------


@pytest.fixture
def administrator(demo: None) -> Iterator[APIClient]:
    client = APIClient()
    client.force_authenticate(User.objects.get(email=ADMINISTRATOR))
    yield client
    client.force_authenticate(None)


def _refusal_shape(response: Any, method: str) -> None:
    """The refusal's status is documented, and its body has the documented shape."""
    assert_documented(response, method)
    path = next(
        path
        for path in schema()["paths"]
        if re.fullmatch(PLACEHOLDER.sub("[^/]+", path), response.request["PATH_INFO"])
    )
    answer = schema()["paths"][path][method]["responses"][str(response.status_code)]
    assert_shape(response.json(), answer["content"]["application/json"]["schema"], path)


def test_a_search_term_with_a_control_character_is_refused_as_the_search(
    administrator: APIClient,
) -> None:
    response = administrator.get("/api/v1/countries/", {"search": "Kabul\x01"})
    assert response.status_code == 400
    assert list(response.json()) == ["search"]
    _refusal_shape(response, "get")


def test_unlocking_a_period_answers_the_period(administrator: APIClient) -> None:
    period = ReportingPeriod.objects.order_by("pk").first()
    assert period is not None
    response = administrator.post(
        f"/api/v1/reporting-periods/{period.pk}/unlock/", {"reason": "A late report"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == period.pk
    assert_documented(response, "post")


def test_a_step_its_rule_refuses_answers_a_documented_422(administrator: APIClient) -> None:
    agreement = Agreement.objects.filter(status=Agreement.Status.ACTIVE).order_by("pk").first()
    assert agreement is not None
    response = administrator.post(
        f"/api/v1/agreements/{agreement.pk}/step/", {"step": "terminate"}, format="json"
    )
    assert response.status_code == 422
    _refusal_shape(response, "post")


def test_a_hand_over_with_bad_fields_names_them_as_documented(administrator: APIClient) -> None:
    response = administrator.post(
        "/api/v1/assistance/point/distributions/",
        {"client_id": str(uuid.uuid4()), "quantity": "", "site": MISSING},
        format="json",
    )
    assert response.status_code == 400
    assert {"quantity", "site"} <= set(response.json())
    _refusal_shape(response, "post")

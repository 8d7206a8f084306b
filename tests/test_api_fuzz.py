"""The API, fuzzed from its own OpenAPI schema with schemathesis, as the demo's administrator.

For each operation a few requests are drawn from the schema (a fixed seed, no shrinking), the
path's id set to a demo record the administrator can see, so that reads and writes reach
real records. No answer may be a server error, and each must have a status and a body the
schema documents. Each request runs in a savepoint rolled back after it, so writes (deletes
included) leave the demo as it was for the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.test.client import ClientHandler
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from sunbula.core.models import User
from tests.openapi import schema
from tests.test_api_contract import ADMINISTRATOR, concrete

EXAMPLES = 3
PLACEHOLDER = re.compile(r"\{(\w+)\}")

api = schemathesis.openapi.from_dict(schema())
api.config.generation.update(
    modes=["positive"],
    max_examples=EXAMPLES,
    no_shrink=True,
    deterministic=True,
    database="none",
)


def django_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Django as a WSGI application answering inside the test's transaction: the handler
    Django's test client uses (it keeps the connection open and lets a signed-in session post
    without a CSRF token, as the API's clients do with a token)."""
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = [*response.items()]
    headers += [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [body]


@pytest.fixture
def session_cookie(demo: None) -> Iterator[str]:
    client = Client()
    client.force_login(User.objects.get(email=ADMINISTRATOR))
    yield f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@api.parametrize()
@hypothesis_settings(
    suppress_health_check=list(HealthCheck),
    deadline=None,
    database=None,
)
def test_the_api_answers_the_fuzzer_as_documented(case: Any, session_cookie: str) -> None:
    administrator = User.objects.get(email=ADMINISTRATOR)
    if case.path_parameters:
        url = concrete(case.path, administrator)
        values = re.fullmatch(PLACEHOLDER.sub(r"(?P<\1>[^/]+)", case.path), url)
        assert values is not None, (case.path, url)
        case.path_parameters = values.groupdict()
    with transaction.atomic():
        response = case.call(app=django_app, headers={"Cookie": session_cookie})
        transaction.set_rollback(True)
    case.validate_response(
        response,
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )

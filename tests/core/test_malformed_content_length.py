"""A request whose Content-Length is not a number of bytes is refused with 400 and a message in
the caller's language, on a page, in the API and at the OpenRosa server alike, before anything
reads its body: never a 413 as if it were too large, never a 500, nothing stored."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from sunbula.core.models import Organisation, User
from sunbula.fieldforms.models import Submission
from tests.conftest import client_for
from tests.fieldforms.conftest import basic

pytestmark = pytest.mark.django_db

NOT_LENGTHS = ["abc", "-5", "1e3", " 12", "9" * 5000]
IN_FRENCH = "L'en-tête Content-Length n'est pas un nombre d'octets."
FORM = "application/x-www-form-urlencoded"
ORGANISATION = {"name": "Sahel Grain Bank", "kind": "ngo", "iati_type": "22"}


def _sent(client: Client, path: str, content_type: str, length: str, **extra: Any) -> Any:
    """POST a real body to `path` under a Content-Length of `length`."""
    body = {
        FORM: urlencode(ORGANISATION),
        MULTIPART_CONTENT: encode_multipart(BOUNDARY, ORGANISATION),
        "application/json": json.dumps(ORGANISATION),
    }[content_type]
    return client.generic(
        "POST", path, body, content_type=content_type, CONTENT_LENGTH=length, **extra
    )


@pytest.fixture
def http(admin: User) -> Client:
    client = client_for(admin)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("length", NOT_LENGTHS)
@pytest.mark.parametrize("content_type", [FORM, MULTIPART_CONTENT])
def test_a_page_refuses_it_with_a_page_in_the_readers_language(
    http: Client, length: str, content_type: str
) -> None:
    response = _sent(http, "/fr/organisations/new/", content_type, length)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "<h1>Requête invalide</h1>" in page
    assert IN_FRENCH.replace("'", "&#x27;") in page
    assert not Organisation.objects.filter(name=ORGANISATION["name"]).exists()


@pytest.mark.parametrize("length", NOT_LENGTHS)
@pytest.mark.parametrize("content_type", ["application/json", FORM, MULTIPART_CONTENT])
def test_the_api_refuses_it_with_a_message_in_the_callers_language(
    http: Client, length: str, content_type: str
) -> None:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = _sent(http, "/api/v1/organisations/", content_type, length)
    assert response.status_code == 400
    assert response.json() == {"detail": IN_FRENCH}
    assert not Organisation.objects.filter(name=ORGANISATION["name"]).exists()


@pytest.mark.parametrize("length", NOT_LENGTHS)
def test_the_openrosa_server_refuses_a_submission_with_it(officer_afg: User, length: str) -> None:
    client = Client(raise_request_exception=False)
    response = _sent(
        client,
        "/openrosa/submission",
        MULTIPART_CONTENT,
        length,
        HTTP_ACCEPT_LANGUAGE="fr",
        **basic(officer_afg.email),
    )
    assert response.status_code == 400
    assert response.json() == {"detail": IN_FRENCH}
    assert not Submission.objects.exists()


def test_a_number_of_bytes_is_read_as_before(http: Client) -> None:
    body = urlencode(ORGANISATION)
    response = http.generic(
        "POST", "/fr/organisations/new/", body, content_type=FORM, CONTENT_LENGTH=f"000{len(body)}"
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name=ORGANISATION["name"]).exists()

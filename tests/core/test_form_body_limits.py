"""A form whose fields (files aside) pass DATA_UPLOAD_MAX_MEMORY_SIZE, or that sends more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields, is too large: 413 with a message in the caller's
language, as Sunbula's own page in its layout, as JSON from the API and the OpenRosa server.
Nothing is stored, and nothing fails."""

from __future__ import annotations

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

FORM = "application/x-www-form-urlencoded"
NAME = "Sahel Grain Bank"
TOO_LARGE = {"name": NAME, "kind": "ngo", "iati_type": "22", "description": "x" * 2000}
TOO_MANY = {"name": NAME, "kind": "ngo", "iati_type": "22"} | {f"note{i}": "x" for i in range(20)}
LARGE_IN_FRENCH = "Le formulaire envoyé dépasse les 1000\xa0octets autorisés, fichiers non compris."
MANY_IN_FRENCH = "Le formulaire envoyé dépasse la limite de 10 champs."
CASES = [
    pytest.param(TOO_LARGE, LARGE_IN_FRENCH, id="too-large"),
    pytest.param(TOO_MANY, MANY_IN_FRENCH, id="too-many-fields"),
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_small_forms"),
]


@pytest.fixture
def _small_forms(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10


def _posted(
    client: Client, path: str, fields: dict[str, str], content_type: str, **extra: Any
) -> Any:
    body = urlencode(fields) if content_type == FORM else encode_multipart(BOUNDARY, fields)
    return client.generic("POST", path, body, content_type=content_type, **extra)


@pytest.fixture
def http(admin: User) -> Client:
    client = client_for(admin)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(("fields", "in_french"), CASES)
@pytest.mark.parametrize("content_type", [FORM, MULTIPART_CONTENT])
def test_a_page_answers_with_its_own_page_in_the_readers_language(
    http: Client, fields: dict[str, str], in_french: str, content_type: str
) -> None:
    response = _posted(http, "/fr/organisations/new/", fields, content_type)
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "<h1>Trop volumineux</h1>" in page
    assert in_french in page
    assert "Retour à la page d'accueil" in page
    assert not Organisation.objects.filter(name=NAME).exists()


@pytest.mark.parametrize(("fields", "in_french"), CASES)
def test_a_page_checked_for_its_csrf_token_answers_the_same(
    admin: User, fields: dict[str, str], in_french: str
) -> None:
    """In production the CSRF check is the first to read a page's form."""
    client = client_for(admin, enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.get("/fr/organisations/new/")
    response = _posted(client, "/fr/organisations/new/", fields, FORM)
    assert response.status_code == 413
    assert in_french in response.content.decode()


@pytest.mark.parametrize(("fields", "in_french"), CASES)
@pytest.mark.parametrize("content_type", [FORM, MULTIPART_CONTENT])
def test_the_api_answers_json_in_the_callers_language(
    http: Client, fields: dict[str, str], in_french: str, content_type: str
) -> None:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = _posted(http, "/api/v1/organisations/", fields, content_type)
    assert response.status_code == 413
    assert response.json() == {"detail": in_french}
    assert not Organisation.objects.filter(name=NAME).exists()


def test_a_json_body_past_the_limit_is_told_the_apis_limit_on_json(
    http: Client, settings: Any
) -> None:
    settings.API_JSON_MAX_BYTES = 500
    body = '{"name": "' + "x" * 2000 + '"}'
    response = http.post(
        "/api/v1/organisations/",
        body,
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Le corps de la requête dépasse les 500\xa0octets autorisés."
    }


# A field too large is refused by the OpenRosa server itself, in its own XML answer.
OPENROSA_CASES = [
    pytest.param(TOO_LARGE, "La soumission est trop volumineuse", id="too-large"),
    pytest.param(
        TOO_MANY,
        "La soumission contient plus des 10 champs que ce serveur accepte.",
        id="too-many-fields",
    ),
]


@pytest.mark.parametrize(("fields", "in_french"), OPENROSA_CASES)
def test_the_openrosa_server_answers_in_the_callers_language(
    officer_afg: User, fields: dict[str, str], in_french: str
) -> None:
    client = Client(raise_request_exception=False)
    response = _posted(
        client,
        "/openrosa/submission",
        fields,
        MULTIPART_CONTENT,
        HTTP_ACCEPT_LANGUAGE="fr",
        **basic(officer_afg.email),
    )
    assert response.status_code == 413
    as_json = response["Content-Type"] == "application/json"
    assert in_french in (response.json()["detail"] if as_json else response.content.decode())
    assert not Submission.objects.exists()

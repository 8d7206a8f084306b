"""No way in takes a password alone from an account that has a second factor or must have
one (administrators, protection clearance): not the API through the session, not the page
that issues API tokens, not the back office; and the API takes no password at all."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.authentication import BasicAuthentication

from sunbula.core.models import ApiToken, User
from tests.conftest import PASSWORD
from tests.second_factor import authenticator_for

pytestmark = pytest.mark.django_db


def _password_only(user: User) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture(params=["administrator", "protection officer", "with an authenticator app"])
def owes_a_second_factor(
    request: pytest.FixtureRequest, admin: User, protection_officer: User, officer_afg: User
) -> User:
    if request.param == "administrator":
        return admin
    if request.param == "protection officer":
        return protection_officer
    authenticator_for(officer_afg)
    return officer_afg


def test_the_api_refuses_a_session_that_owes_its_second_factor(
    owes_a_second_factor: User,
) -> None:
    client = _password_only(owes_a_second_factor)
    response = client.get("/api/v1/organisations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Confirm your sign-in with your second factor first."}


def test_no_api_token_is_issued_to_a_session_that_owes_its_second_factor(
    owes_a_second_factor: User,
) -> None:
    client = _password_only(owes_a_second_factor)
    expires_on = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        "/en/account/api-tokens/",
        {"name": "Export", "expires_on": expires_on, "access": "read"},
    )
    assert response.status_code == 302
    assert "/en/accounts/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_back_office_asks_for_the_second_factor_first(owes_a_second_factor: User) -> None:
    response = _password_only(owes_a_second_factor).get("/en/admin/")
    assert response.status_code == 302
    assert "/en/accounts/" in response["Location"]


def test_the_api_takes_no_password(officer_afg: User) -> None:
    credentials = base64.b64encode(f"{officer_afg.email}:{PASSWORD}".encode()).decode()
    response = Client().get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert (
        "rest_framework.authentication.BasicAuthentication"
        not in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    )
    for pattern in get_resolver().url_patterns:
        for view in getattr(pattern, "url_patterns", ()):
            cls = getattr(view.callback, "cls", None)
            if cls is not None:
                assert BasicAuthentication not in cls.authentication_classes, view.pattern

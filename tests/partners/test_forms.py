"""Forms validate in place with htmx and write nothing until saved; saving goes through services."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.partners.models import Agreement
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_htmx_validation_shows_errors_and_writes_nothing(officer_afg: User, world: World) -> None:
    entries = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        "/en/partners/agreements/new/?validate=1",
        {"kind": "amendment", "title": "", "country": world.afghanistan.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<form")
    assert "This field is required." in html
    assert Agreement.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_saving_an_agreement_calls_the_service(officer_afg: User, world: World) -> None:
    response = client_for(officer_afg).post(
        "/en/partners/agreements/new/",
        {
            "kind": "mou",
            "title": "Memorandum with UNAMA",
            "title_ar": "مذكرة تفاهم",
            "country": world.afghanistan.pk,
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.title_translations == {"ar": "مذكرة تفاهم"}
    assert AuditEntry.objects.filter(action="partners.agreement.created").count() == 1


def test_a_country_outside_the_scope_is_refused(officer_afg: User, world: World) -> None:
    response = client_for(officer_afg).post(
        "/en/partners/agreements/new/",
        {"kind": "mou", "title": "MoU", "country": world.kazakhstan.pk},
    )
    assert response.status_code == 422
    assert Agreement.objects.count() == 0


def test_an_amendment_without_its_agreement_is_refused_on_the_field(
    officer_afg: User, world: World
) -> None:
    response = client_for(officer_afg).post(
        "/en/partners/agreements/new/",
        {"kind": "amendment", "title": "Amendment", "country": world.afghanistan.pk},
    )
    assert response.status_code == 422
    assert "names the agreement it amends" in response.content.decode()

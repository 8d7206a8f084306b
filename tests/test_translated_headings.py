"""Every page speaks Arabic, French and Russian: each page's heading comes from the catalogues.

One table of pages per domain; a new page joins its domain's table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone, translation

from sunbula.core.models import User
from tests.conftest import Field, Projects, World, client_for, ready
from tests.funding.conftest import kzt_pledge, make_money
from tests.learning.conftest import make_farm_course, make_workshop, register
from tests.supply.conftest import make_stock
from tests.supply.pages import make_pages

pytestmark = pytest.mark.django_db

Pages = tuple[Client, list[tuple[str, str]]]


def assistance_pages(request: pytest.FixtureRequest) -> Pages:
    field: Field = request.getfixturevalue("field")
    ready(field.cycle)
    return client_for(request.getfixturevalue("admin")), [
        ("assistance/", "Assistance cycles"),
        (f"assistance/cycles/{field.cycle.pk}/", "Beneficiary list"),
        (f"assistance/trace/lots/{field.late_lot.pk}/", "Pledge-to-plate trace"),
        (f"assistance/trace/lots/{field.late_lot.pk}/", "People reached"),
    ]


def funding_pages(request: pytest.FixtureRequest) -> Pages:
    world: World = request.getfixturevalue("world")
    admin: User = request.getfixturevalue("admin")
    money = make_money(world)
    pledge = kzt_pledge(world, money, conference=money.conference)
    conference = money.conference.pk
    return client_for(admin), [
        ("funding/", "Pledges ageing without conversion"),
        ("funding/conferences/", "Donor conferences"),
        (f"funding/conferences/{conference}/", "By destination"),
        (f"funding/conferences/{conference}/capture/", "Record the pledge"),
        (f"funding/conferences/{conference}/announcements/", "Financial announcements"),
        ("funding/pledges/", "Converted"),
        ("funding/pledges/new/", "Record a pledge"),
        (f"funding/pledges/{pledge.pk}/", "Commitments and payments"),
        ("funding/requirements/", "Coverage and gaps"),
        (f"funding/donors/{world.kazakhstan_government.pk}/", "Across conferences"),
    ]


def learning_staff_pages(request: pytest.FixtureRequest) -> Pages:
    world: World = request.getfixturevalue("world")
    workshop, farm = make_workshop(), make_farm_course(world)
    return client_for(request.getfixturevalue("admin")), [
        ("learning/", "Events"),
        (f"learning/events/{workshop.event.pk}/", "Interpretation headcount"),
        (f"learning/events/{workshop.event.pk}/registrations/", "Registrations"),
        (f"learning/sessions/{workshop.morning.pk}/check-in/", "Participant's code"),
        (f"learning/sessions/{workshop.morning.pk}/attendance/", "Import attendance"),
        ("learning/courses/", "Farmer courses"),
        (f"learning/courses/{farm.course.pk}/report/", "Completion by district and sex"),
    ]


def learning_public_pages(request: pytest.FixtureRequest) -> Pages:
    world: World = request.getfixturevalue("world")
    # A month ahead: registration is open.
    workshop = make_workshop(timezone.localdate() + datetime.timedelta(days=30))
    amina = register(workshop.event, world.afghanistan, "Amina Karimi", now=timezone.now())
    return Client(), [
        (f"learning/events/{workshop.event.pk}/register/", "Send my registration"),
        (f"learning/r/{amina.token}/", "Your registration"),
        ("learning/verify/", "Verify a certificate"),
    ]


def programmes_pages(request: pytest.FixtureRequest) -> Pages:
    projects: Projects = request.getfixturevalue("projects")
    flour, programme = projects.flour.pk, projects.flour.programme_id
    return client_for(request.getfixturevalue("admin")), [
        ("programmes/", "Programmes"),
        ("programmes/projects/", "Projects"),
        (f"programmes/projects/{flour}/", "Participating organisations"),
        (f"programmes/projects/{flour}/", "Change the locations"),
        (f"programmes/projects/{flour}/", "Results framework"),
        (f"programmes/projects/{flour}/edit/", "Edit project"),
        ("programmes/projects/new/", "Add a project"),
        ("programmes/new/", "Add a programme"),
        (f"programmes/{programme}/edit/", "Edit programme"),
        (f"programmes/{programme}/", "Record a decision"),
        (f"programmes/projects/{flour}/results/", "Reporting periods"),
        ("programmes/4w/", "Possible overlaps"),
        ("programmes/4w/import/", "Import a partner's 3W table"),
        ("reports/", "Open data exports"),
    ]


def supply_pages(request: pytest.FixtureRequest) -> Pages:
    world: World = request.getfixturevalue("world")
    admin: User = request.getfixturevalue("admin")
    pages = make_pages(world, make_stock(world), admin)
    waybill, pledge = pages.waybill.pk, pages.payment.commitment.pledge_id
    return client_for(admin), [
        ("supply/", "Stock by site and commodity"),
        ("supply/balances/", "Lots on hand"),
        (f"supply/balances/{pages.afghan_balance.pk}/", "Stock card"),
        ("supply/expiry/", "Expiry alerts"),
        ("supply/losses/", "Awaiting approval"),
        ("supply/waybills/", "Waybills"),
        (f"supply/waybills/{waybill}/", "Print the goods-received note"),
        (f"supply/waybills/{waybill}/print/", "Dispatched by"),
        (f"supply/waybills/{waybill}/grn/", "Goods-received note"),
        (f"supply/waybills/{pages.draft.pk}/receive/", "Record the goods received"),
        (f"supply/pledges/{pledge}/pipeline/", "Pipeline of the contribution"),
        ("supply/contributions/", "Contributions to receive"),
        (f"supply/contributions/{pages.payment.pk}/receive/", "Receive the contribution"),
        ("supply/counts/", "Stock counts"),
        ("supply/counts/new/", "New stock count"),
        ("supply/waybills/new/", "New waybill"),
    ]


@dataclass(frozen=True)
class Domain:
    pages: Callable[[pytest.FixtureRequest], Pages]
    # French shares some headings with English ("Programmes", "Projects").
    french_may_match_english: bool = False


DOMAINS = {
    "assistance": Domain(assistance_pages),
    "funding": Domain(funding_pages),
    "learning (staff)": Domain(learning_staff_pages),
    "learning (public)": Domain(learning_public_pages),
    "programmes": Domain(programmes_pages, french_may_match_english=True),
    "supply": Domain(supply_pages),
}


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_pages_show_translated_headings(
    domain: str, language: str, request: pytest.FixtureRequest
) -> None:
    spec = DOMAINS[domain]
    client, pages = spec.pages(request)
    for path, heading in pages:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        with translation.override(language):
            translated = translation.gettext(heading)
        if not (spec.french_may_match_english and language == "fr"):
            assert translated != heading, (language, heading)
        html = response.content.decode()
        escaped = translated.replace("'", "&#x27;")
        assert translated in html or escaped in html, (language, path, translated)

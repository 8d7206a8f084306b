"""Every partnership page answers in each language, with translated headings and pinned queries."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sunbula.core.models import User
from sunbula.partners import services
from tests.conftest import client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db


def _pages(p: Partnerships, partner_pk: int) -> list[tuple[str, str]]:
    return [
        ("/partners/", "Partners"),
        (f"/partners/{partner_pk}/", "Timeline"),
        (f"/partners/{partner_pk}/edit/", "Partnership roles"),
        ("/partners/new/", "Add a partner"),
        ("/partners/alerts/", "Overdue deliverables"),
        ("/partners/agreements/", "Agreements"),
        ("/partners/agreements/new/", "Add an agreement"),
        (f"/partners/agreements/{p.agreement.pk}/", "Obligations and deliverables"),
        (f"/partners/agreements/{p.agreement.pk}/edit/", "Purpose"),
        ("/partners/engagements/", "Engagements"),
        ("/partners/engagements/new/", "Add an engagement"),
        (f"/partners/engagements/{p.engagement.pk}/", "Follow-up actions"),
        (f"/partners/engagements/{p.engagement.pk}/edit/", "Participants by title"),
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_are_translated_and_small(
    admin: User, partnerships: Partnerships, language: str
) -> None:
    partner = services.partner_create(actor=admin, organisation=partnerships.unama, roles=["donor"])
    client = client_for(admin)
    for path, heading in _pages(partnerships, partner.pk):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        with translation.override(language):
            translated = translation.gettext(heading)
        assert translated != heading, f"{heading} is not translated into {language}"
        assert translated in html, f"{path} lacks {translated}"
        assert len(gzip.compress(response.content)) <= 14 * 1024, path
        assert "style=" not in html, path


@pytest.mark.parametrize(
    "path", ["/en/partners/", "/en/partners/agreements/", "/en/partners/engagements/"]
)
def test_list_pages_use_a_fixed_number_of_queries(
    admin: User, partnerships: Partnerships, path: str
) -> None:
    client = client_for(admin)
    services.partner_create(actor=admin, organisation=partnerships.unama, roles=["donor"])
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    services.partner_create(actor=admin, organisation=partnerships.iom, roles=["technical"])
    for number in range(5):
        agreement = services.agreement_create(
            actor=admin, kind="mou", title=f"MoU {number}", country=partnerships.agreement.country
        )
        services.agreement_party_add(
            actor=admin, agreement=agreement, organisation=partnerships.iom, role="signatory"
        )
        services.engagement_create(
            actor=admin,
            kind="call",
            title=f"Call {number}",
            held_on=partnerships.engagement.held_on,
            place="Online",
            country=partnerships.engagement.country,
            organisations=[partnerships.iom],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few), path


def test_the_agreement_page_links_its_parties_and_dates_its_validity(
    admin: User, partnerships: Partnerships
) -> None:
    partner = services.partner_create(actor=admin, organisation=partnerships.unama, roles=["donor"])
    services.agreement_renew(
        actor=admin, agreement=partnerships.agreement, valid_until=datetime.date(2027, 2, 28)
    )
    html = client_for(admin).get(f"/en/partners/agreements/{partnerships.agreement.pk}/")
    page = html.content.decode()
    assert f'<a href="{partner.get_absolute_url()}">{partnerships.unama.local_name}</a>' in page
    iofs = partnerships.agreement.parties.get(organisation__acronym="IOFS").organisation
    assert f'<a href="{iofs.get_absolute_url()}">{iofs.local_name}</a>' in page  # not a partner
    valid = page[page.index("<dt>Valid</dt>") :]
    assert valid.startswith("<dt>Valid</dt><dd><bdi>Apr 1, 2023</bdi> – <bdi>Feb 28, 2027</bdi>")


def test_roles_and_sectors_read_by_their_names_on_pages_downloads_and_the_audit_log(
    admin: User, partnerships: Partnerships
) -> None:
    partner = services.partner_create(
        actor=admin,
        organisation=partnerships.unama,
        roles=["co_host", "technical"],
        sectors=["food_security"],
    )
    client = client_for(admin)
    with translation.override("fr"):
        names = [translation.gettext("Co-host"), translation.gettext("Technical partner")]
        roles = ", ".join(names)
    for address in ("/fr/partners/", f"/fr/partners/{partner.pk}/"):
        page = client.get(address).content.decode()
        assert roles in page and ">co_host" not in page
    download = b"".join(client.get("/fr/partners/?format=csv").streaming_content).decode()
    assert roles in download and "co_host" not in download
    audit = client.get("/fr/audit/?action=partners.partner").content.decode()
    assert roles in audit and "co_host" not in audit

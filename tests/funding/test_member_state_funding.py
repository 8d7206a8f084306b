"""A member state's page names the pledges of its organisations and those to the country,
and the projects it receives: each link opens what the reader may see of them, and only that."""

from __future__ import annotations

import html
import re

import pytest

from sunbula.core.models import User
from sunbula.funding.models import Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)"><bdi>([^<]+)</bdi></a>')


def _facts(page: str, kind: str) -> list[tuple[str, str]]:
    """The links of the page's facts under `kind`."""
    match = re.search(rf"<dt>{re.escape(kind)}</dt><dd>(.*?)</dd>", page)
    return [] if match is None else [(html.unescape(u), t) for u, t in LINK.findall(match[1])]


@pytest.mark.parametrize("email", ["me.officer@sunbula.example", "donor.kaz@sunbula.example"])
def test_a_member_state_links_the_pledges_and_projects_its_reader_sees(
    demo: None, email: str
) -> None:
    reader = User.objects.get(email=email)
    client = client_for(reader)
    pledges = Pledge.objects.visible_to(reader, FundingPerm.VIEW_FUNDING)
    projects = Project.objects.visible_to(reader, ProgrammePerm.VIEW_PROJECT)

    afghanistan = client.get("/en/member-states/AFG/").content.decode()
    ((count, listed),) = [(t, u) for u, t in _facts(afghanistan, "Pledges to the country")]
    to_afghanistan = pledges.filter(country__iso3="AFG")
    assert count == f"{to_afghanistan.count()} pledges"
    page = client.get(listed)
    assert page.status_code == 200
    shown = {p.reference for p in Pledge.objects.all() if f">{p.reference}</a>" in page.text}
    assert shown == {pledge.reference for pledge in to_afghanistan}

    here = {text for _url, text in _facts(afghanistan, "Projects here")}
    assert here == {str(p) for p in projects.filter(recipient_country__iso3="AFG")}
    assert here  # the donor reads the flour project it funds
    for url, _text in _facts(afghanistan, "Projects here"):
        assert client.get(url).status_code == 200

    kazakhstan = client.get("/en/member-states/KAZ/").content.decode()
    ((url, text),) = _facts(kazakhstan, "Pledges by its organisations")
    government = pledges.filter(donor__name="Government of the Republic of Kazakhstan")
    assert text == f"Government of the Republic of Kazakhstan: {government.count()} pledges"
    assert client.get(url).status_code == 200


def test_an_officer_of_another_country_reads_none_of_its_pledges_or_projects(
    demo: None,
) -> None:
    kazakh = client_for(User.objects.get(email="officer.kaz@sunbula.example"))
    page = kazakh.get("/en/member-states/AFG/").content.decode()
    assert "Afghanistan" in page
    for kind in ("Pledges to the country", "Projects here", "Pledges by its organisations"):
        assert f"<dt>{kind}</dt>" not in page

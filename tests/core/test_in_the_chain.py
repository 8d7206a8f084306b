"""Every record's page links to its neighbours in the pledge-to-plate chain and to the trace,
each link opens, and no one is shown a link to a record outside their scope; on the demo."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from sunbula.assistance.models import Distribution
from sunbula.core.models import User
from sunbula.funding.models import ContributionType, Payment, Pledge
from sunbula.supply.models import Lot, Provenance, Waybill
from tests.conftest import client_for

CHAIN = re.compile(r'<section aria-labelledby="chain">(.*?)</section>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def chain_links(client: Client, record: Model) -> set[str]:
    """The addresses in the "In the chain" block of `record`'s page."""
    url = record.get_absolute_url()  # type: ignore[attr-defined]
    response = client.get(url)
    assert response.status_code == 200, url
    block = CHAIN.search(response.content.decode())
    assert block, f"{url} has no 'In the chain' block"
    return set(HREF.findall(block.group(1)))


def urls(*records: Model) -> set[str]:
    return {record.get_absolute_url() for record in records}  # type: ignore[attr-defined]


def trace(route: str, record: Model) -> str:
    return reverse(f"assistance:{route}", args=[record.pk])


def ffh_chain() -> dict[str, Model]:
    """Flour for Humanity: an in-kind pledge to a Herat household, and a bought seed lot."""
    lot = Lot.objects.filter(provenance=Provenance.IN_KIND, pledge__isnull=False).get(
        reference="DEMO-FFH23-IFPA-LOT"
    )
    waybill = Waybill.objects.filter(lines__lot=lot).get()
    distribution = (
        Distribution.objects.filter(draws__lot=lot, site=waybill.destination)
        .order_by("-distributed_on", "-pk")
        .first()
    )
    assert distribution is not None and lot.payment is not None and lot.pledge is not None
    cycle = distribution.entitlement.cycle
    bought = Lot.objects.filter(
        provenance=Provenance.PURCHASE,
        payment__commitment__pledge__contribution_type=ContributionType.FINANCIAL,
    ).first()
    assert bought is not None and bought.payment is not None
    return {
        "pledge": lot.pledge,
        "commitment": lot.payment.commitment,
        "contribution": lot.payment,
        "payment": bought.payment,
        "bought": bought,
        "lot": lot,
        "waybill": waybill,
        "distribution": distribution,
        "cycle": cycle,
        "project": cycle.project,
    }


def expected(kind: str, chain: dict[str, Model]) -> set[str]:
    """The neighbours each kind of page must link to, the trace among them."""

    def of(*kinds: str) -> set[str]:
        return urls(*(chain[name] for name in kinds))

    pledge_trace = trace("pledge_trace", chain["pledge"])
    lot_trace = trace("lot_trace", chain["lot"])
    project_trace = trace("project_trace", chain["project"])
    payment = chain["payment"]
    assert isinstance(payment, Payment)
    return {
        "pledge": of("project", "commitment", "contribution", "lot") | {pledge_trace},
        "commitment": of("pledge", "contribution", "lot") | {pledge_trace},
        "contribution": of("pledge", "commitment", "lot") | {pledge_trace, lot_trace},
        "payment": urls(payment.commitment, payment.commitment.pledge, chain["bought"])
        | {trace("pledge_trace", payment.commitment.pledge)},
        "lot": of("pledge", "commitment", "contribution", "waybill", "cycle", "distribution")
        | {lot_trace},
        "waybill": of("lot", "cycle", "distribution") | {lot_trace},
        "distribution": of("cycle", "lot", "waybill") | {lot_trace},
        "cycle": of("project", "lot", "distribution") | {project_trace},
        "project": of("pledge", "lot", "cycle") | {project_trace},
    }[kind]


def persona(email: str) -> User:
    return User.objects.get(email=email)


# Pages already seen to open for the administrator: the demo is the same in every test, so
# a page linked from several records is opened once.
OPENED: set[str] = set()


def all_open(client: Client, addresses: Iterable[str], seen: set[str] | None = None) -> list[str]:
    """The addresses that do not answer 200."""
    failing = []
    for url in sorted(set(addresses) - (seen or set())):
        if client.get(url).status_code != 200:
            failing.append(url)
        elif seen is not None:
            seen.add(url)
    return failing


KINDS = [
    "pledge",
    "commitment",
    "payment",
    "contribution",
    "lot",
    "waybill",
    "distribution",
    "cycle",
    "project",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_links_to_its_neighbours_and_its_trace_and_each_link_opens(
    demo: None, kind: str
) -> None:
    chain = ffh_chain()
    client = client_for(persona("admin@sunbula.example"))
    links = chain_links(client, chain[kind])
    assert expected(kind, chain) <= links, expected(kind, chain) - links
    assert any("/assistance/trace/" in url for url in links)
    assert all_open(client, links, OPENED) == []


def test_the_donor_viewer_is_shown_only_its_own_part_of_the_chain(demo: None) -> None:
    """Kazakhstan's donor viewer sees its flour from pledge to waybill, and on the project
    only its own pledge and lot: never another donor's, nor a cycle it may not open."""
    donor = client_for(persona("donor.kaz@sunbula.example"))
    admin = client_for(persona("admin@sunbula.example"))
    own = Lot.objects.get(reference="DEMO-FFH23-KAZ-LOT")
    assert own.pledge is not None and own.payment is not None and own.pledge.project is not None
    project = own.pledge.project
    others = Pledge.objects.filter(project=project).exclude(donor=own.donor)
    assert others.exists()
    shown: set[str] = set()
    for record in (
        own.pledge,
        own.payment.commitment,
        own.payment,
        own,
        Waybill.objects.get(lines__lot=own),
        project,
    ):
        shown |= chain_links(donor, record)
    assert {own.pledge.get_absolute_url(), own.get_absolute_url()} <= shown
    assert trace("lot_trace", own) in shown
    assert all_open(donor, shown) == []
    hidden = urls(*others) | urls(*Lot.objects.filter(pledge__in=others))
    assert hidden <= chain_links(admin, project)
    assert not hidden & shown
    assert not any("/assistance/cycles/" in url for url in shown)


def test_an_api_client_walks_the_chain_from_pledge_to_plate_and_back(demo: None) -> None:
    chain = ffh_chain()
    api = client_for(persona("admin@sunbula.example"))

    def get(url: str) -> Any:
        response = api.get(url)
        assert response.status_code == 200, url
        return response.json()

    def ids(url: str) -> set[int]:
        return {row["id"] for row in get(url)["results"]}

    pledge, commitment = chain["pledge"], chain["commitment"]
    contribution, lot = chain["contribution"], chain["lot"]
    waybill, distribution = chain["waybill"], chain["distribution"]
    assert commitment.pk in get(f"/api/v1/funding/pledges/{pledge.pk}/")["commitments"]
    assert contribution.pk in get(f"/api/v1/funding/commitments/{commitment.pk}/")["payments"]
    assert contribution.pk in ids(f"/api/v1/funding/payments/?commitment={commitment.pk}")
    assert lot.pk in ids(f"/api/v1/supply/lots/?payment={contribution.pk}")
    assert waybill.pk in ids(f"/api/v1/supply/waybills/?lot={lot.pk}")
    assert distribution.pk in ids(f"/api/v1/assistance/distributions/?lot={lot.pk}")
    row = get(f"/api/v1/assistance/distributions/{distribution.pk}/")
    assert row["cycle"] == chain["cycle"].pk and lot.pk in row["lots"]
    assert pledge.pk in ids(f"/api/v1/funding/pledges/?project={chain['project'].pk}")
    assert lot.pk in ids(f"/api/v1/supply/lots/?pledge__project={chain['project'].pk}")
    assert get(f"/api/v1/supply/lots/{lot.pk}/")["purchase_order"] is None
    assert get(f"/api/v1/trace/lots/{lot.pk}/")["lot"] == lot.reference

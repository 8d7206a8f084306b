"""The "In the chain" block names commitments and payments with dates, amounts and
quantities as the reader's language writes them, the unit translated too."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.figures import FSI, PDI
from sunbula.core.models import User
from sunbula.funding import services
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_chain_labels_read_in_russian(world: World, money: Money, admin: User) -> None:
    pledge = kzt_pledge(
        world,
        money,
        actor=admin,
        amount=Decimal("47000000"),
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal("68000"),
        unit="kg",
    )
    commitment = services.commitment_record(
        actor=admin, pledge=pledge, committed_on=datetime.date(2024, 3, 2), amount=pledge.amount
    )
    payment = services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=datetime.date(2024, 4, 15),
        amount=pledge.amount,
        currency=money.kzt,
        quantity=Decimal("68000"),
    )
    client = client_for(admin)
    pledge_page = client.get(f"/ru/funding/pledges/{pledge.pk}/").content.decode()
    committed = f"{FSI}2 мар. 2024\u202fг.{PDI} · {FSI}47\xa0000\xa0000,00\xa0KZT{PDI}"
    received = f"{FSI}15 апр. 2024\u202fг.{PDI} · {FSI}68\xa0000 кг{PDI}"
    assert f'<a href="{commitment.get_absolute_url()}">{committed}</a>' in pledge_page
    assert f'<a href="{payment.get_absolute_url()}">{received}</a>' in pledge_page
    payment_page = client.get(f"/ru/funding/payments/{payment.pk}/").content.decode()
    assert f'<a href="{commitment.get_absolute_url()}">{committed}</a>' in payment_page
    chain = pledge_page[pledge_page.index('id="chain"') :]
    chain = chain[: chain.index("</section>")]
    for raw in ("2024-03-02", "2024-04-15", "47000000", "68000 kg"):
        assert raw not in chain

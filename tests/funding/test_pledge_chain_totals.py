"""A pledge's page adds up what is committed and paid from the commitments and payments it
shows; the sums are those the pledge list's query works out, for every pledge of the demo."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.funding.access import fetch_pledge
from sunbula.funding.models import Pledge
from sunbula.funding.selectors import pledge_chain, share_converted, with_totals

pytestmark = pytest.mark.django_db


def test_the_chain_adds_up_as_the_list_does(director: User) -> None:
    listed = with_totals(Pledge.objects.order_by("pk"))
    assert listed.filter(commitments__payments__isnull=False).exists()
    for pledge in listed:
        chain = pledge_chain(user=director, pledge=fetch_pledge(director, pledge.pk))
        assert (chain.committed, chain.committed_usd, chain.paid, chain.paid_usd) == (
            pledge.committed,  # type: ignore[attr-defined]
            pledge.committed_usd,  # type: ignore[attr-defined]
            pledge.paid,  # type: ignore[attr-defined]
            pledge.paid_usd,  # type: ignore[attr-defined]
        ), pledge.reference
        assert chain.outstanding == pledge.amount - pledge.committed  # type: ignore[attr-defined]
        assert chain.share_converted == share_converted(pledge)

"""A pledge's page holds several forms (revise, cancel, commit, pay): every element id on it
is unique, so each label points at its own form's field."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from sunbula.core.models import User
from sunbula.funding import services
from tests.conftest import World, client_for, in_kind_payment

pytestmark = pytest.mark.django_db


def test_the_pledge_page_gives_every_element_its_own_id(world: World, admin: User) -> None:
    pledge = in_kind_payment(world).commitment.pledge
    # Something left to commit, so that the page offers all four forms.
    services.pledge_revise(
        actor=admin, pledge=pledge, amount=pledge.amount + 1, revised_on=datetime.date(2023, 6, 1)
    )
    response = client_for(admin).get(f"/en/funding/pledges/{pledge.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert {name for name, count in ids.items() if count > 1} == set()
    # Each form's amount field answers to its own label.
    for prefix in ("revision", "commitment", "payment"):
        assert f'for="{prefix}_amount"' in html
        assert f'id="{prefix}_amount"' in html

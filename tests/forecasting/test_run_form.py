"""The form that asks for a forecast says which countries it offers, so that an officer of a
country without provinces loaded learns why theirs is missing."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_an_officer_of_a_country_without_provinces_is_told_why_it_is_not_offered(
    officer_kaz: User, world: World
) -> None:
    page = client_for(officer_kaz).get("/en/forecasting/").content.decode()
    countries = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S)
    assert countries is not None and "KAZ" not in countries.group(1)
    assert "whose provinces are loaded" in page

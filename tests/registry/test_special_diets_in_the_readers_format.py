"""Must show: an institution's special diets are counted in the reader's format, as its
headcount is, and read in the same order on every database."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import User
from sunbula.registry import services
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db


def test_special_diets_are_counted_in_the_readers_format(field: Field, admin: User) -> None:
    services.headcount_record(
        actor=None,
        institution=field.institution,
        counted_on=datetime.date(2023, 6, 1),
        headcount=2400,
        verified_by="Monitoring officer",
        method="site_visit",
        special_diets={"medical": 1200, "infant": 35},
    )

    page = client_for(admin).get(field.institution.get_absolute_url()).content.decode()

    assert "<bdi>2,400</bdi>" in page
    assert "infant: <bdi>35</bdi> · medical: <bdi>1,200</bdi>" in page

"""A programme's dashboard totals every column of its projects, kilograms included."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import User
from tests.conftest import Field, client_for, ready, served_flour

pytestmark = pytest.mark.django_db


def test_the_total_row_adds_up_the_kilograms_distributed(officer_afg: User, field: Field) -> None:
    ready(field.cycle)
    served_flour(field, "HH-1")
    programme = field.projects.flour.programme_id
    page = client_for(officer_afg).get(f"/en/reports/dashboards/programmes/{programme}/")
    total = re.search(r"<tfoot>(.*?)</tfoot>", page.content.decode(), re.S)
    assert total is not None
    cells = re.findall(r"<td>(.*?)</td>", total.group(1))
    assert cells[-1] == "<bdi>10</bdi>"

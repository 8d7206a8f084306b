"""Must show: the figures of a cycle and of its hand-overs read in the reader's format, as the
other figures of the pages do: a ration's energy with the thousands separated, and a
distribution's person-days written alike on its page and in the trace."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import RationKind
from sunbula.core.models import User
from tests.conftest import Field, World, page_text, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_rations_energy_has_its_thousands_separated(
    field: Field, world: World, admin: User
) -> None:
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Herat, daily ration",
        period_start=D(2023, 7, 1),
        period_end=D(2023, 7, 30),
        ration_kind=RationKind.PER_PERSON_DAY,
    )
    # 0.45 kg of flour at 3,640 kcal per kg
    services.ration_line_set(
        actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal("0.45")
    )

    english = page_text(admin, f"/en/assistance/cycles/{cycle.pk}/")
    french = page_text(admin, f"/fr/assistance/cycles/{cycle.pk}/")

    assert "<bdi>1,638</bdi> kcal" in english
    assert "1638" not in english
    assert "<bdi>1\u202f638</bdi>" in french


def _figure(pattern: str, page: str) -> str:
    found = re.search(pattern, page)
    assert found is not None, pattern
    return found.group(1)


def test_person_days_read_alike_on_the_distribution_and_in_the_trace(
    field: Field, world: World, admin: User
) -> None:
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Herat centre, June 2023",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_RESIDENT_MONTH,
    )
    services.ration_line_set(actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(15))
    distribution = services.distribution_record(
        actor=None,
        entitlement=ready(cycle),
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )
    assert distribution.person_days == Decimal("20.0")  # half a kilogram a day
    lot = distribution.draws.get().lot

    handed = page_text(admin, distribution.get_absolute_url())
    traced = page_text(admin, f"/en/assistance/trace/lots/{lot.pk}/")

    on_its_page = _figure(r"Person-days of food</dt><dd>(.*?)</dd>", handed)
    in_the_trace = _figure(r'data-figure="person_days">(.*?)</td>', traced)
    assert on_its_page == in_the_trace == "<bdi>20</bdi>"

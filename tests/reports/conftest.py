"""Reports run on the demo: Flour for Humanity's donors and the people who look at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sunbula.core.models import Country, Organisation, Role
from sunbula.funding.models import Pledge
from tests.conftest import make_persona
from tests.reports.flour_demo import KAZAKHSTAN, FlourDemo


@pytest.fixture
def flour_demo(demo: None) -> FlourDemo:
    iofs = Organisation.objects.get(acronym="IOFS")
    return FlourDemo(
        director=make_persona("director@example.org", Role.ADMINISTRATOR, iofs, []),
        officer_afg=make_persona(
            "officer.afg@example.org",
            Role.PROGRAMME_OFFICER,
            iofs,
            [Country.objects.get(iso3="AFG")],
        ),
        officer_kaz=make_persona(
            "officer.kaz@example.org",
            Role.PROGRAMME_OFFICER,
            iofs,
            [Country.objects.get(iso3="KAZ")],
        ),
        kazakhstan=Organisation.objects.get(name=KAZAKHSTAN),
        kaz_flour=Pledge.objects.get(reference="DEMO-FFH23-KAZ"),
    )


IATI_SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared/data/iati-2.03/iati-activities-schema.xsd"
)


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    """The official IATI 2.03 activities schema."""
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))

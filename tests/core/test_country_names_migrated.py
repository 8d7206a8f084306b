"""A database set up before the usual names of the member states shipped takes them when it
is migrated: Türkiye, which ISO's catalogue leaves without an Arabic name, gets تركيا, and
the names the file does not give stay as they were."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from sunbula.core.models import Country

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sunbula.core.migrations.0005_usual_country_names")


def test_a_country_set_up_before_takes_its_usual_names() -> None:
    Country.objects.filter(iso3="TUR").delete()
    turkey = Country.objects.create(
        iso2="TR", iso3="TUR", name="Türkiye", name_translations={"fr": "Turquie", "ru": "Турция"}
    )

    migration.usual_names(apps, None)

    turkey.refresh_from_db()
    assert turkey.name_translations == {"ar": "تركيا", "fr": "Turquie", "ru": "Турция"}

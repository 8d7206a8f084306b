"""Trigram indexes for finding households by part of their reference or external id."""

from django.db import migrations

from sunbula.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_dedupe_run")]

    operations = [
        trigram_indexes(
            "registry_household",
            {
                "registry_household_reference_trgm": "reference",
                "registry_household_external_id_trgm": "external_id",
            },
        )
    ]

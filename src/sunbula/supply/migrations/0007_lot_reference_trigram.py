"""Trigram indexes for finding lots by part of their reference or batch number."""

from django.db import migrations

from sunbula.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("supply", "0006_quantities_within_bounds")]

    operations = [
        trigram_indexes(
            "supply_lot",
            {"supply_lot_reference_trgm": "reference", "supply_lot_batch_trgm": "batch"},
        )
    ]

"""A trigram index for finding pledges by part of their reference."""

from django.db import migrations

from sunbula.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_pledge_list_index")]

    operations = [
        trigram_indexes("funding_pledge", {"funding_pledge_reference_trgm": "reference"})
    ]

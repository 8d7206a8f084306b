"""A trigram index for finding events by part of their title."""

from django.db import migrations

from sunbula.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_enrolment_pin")]

    operations = [trigram_indexes("learning_event", {"learning_event_title_trgm": "title"})]

"""The events list's search box reads an event's title, its translations and its venue: with
a trigram index on each, PostgreSQL answers the search from the indexes together instead of
reading every event (the title's index alone cannot serve the three at once)."""

from django.db import migrations

from sunbula.core.trigram import trigram_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0015_registration_tally'),
    ]

    operations = [
        trigram_indexes(
            "learning_event",
            {
                "learning_event_title_translations_trgm": "title_translations",
                "learning_event_venue_trgm": "venue",
            },
        ),
    ]

from importlib import import_module

from django.db import migrations, models

# The columns the previous step emptied into the sealed token.
FIELD_TOKENS = import_module(
    "sunbula.registry.migrations.0004_person_sealed_personal_data"
).FIELD_TOKENS


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_person_sealed_personal_data"),
    ]

    operations = [
        # Blank first, so that undoing the removal can add the column back to existing rows.
        migrations.AlterField(
            model_name="person",
            name="given_name",
            field=models.TextField(blank=True, verbose_name="given name"),
        ),
        *(migrations.RemoveField(model_name="person", name=name) for name in FIELD_TOKENS),
    ]

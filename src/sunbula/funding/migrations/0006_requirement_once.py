"""One funding requirement for each country, appeal, programme, project and year."""

from typing import Any

import django.db.models.functions.comparison
from django.db import migrations, models
from django.db.models import Count


def refuse_requirements_recorded_twice(apps: Any, schema_editor: Any) -> None:
    """Name the requirements recorded twice: which of them stands is for their country's
    officers to decide, not for the migration."""
    requirement = apps.get_model("funding", "FundingRequirement")
    twice = [
        f"{row['country']}/{row['appeal']}/{row['programme']}/{row['project']}/{row['year']}"
        for row in requirement.objects.values("country", "appeal", "programme", "project", "year")
        .order_by()
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
    ]
    if twice:
        raise RuntimeError(
            "Funding requirements recorded twice (country/appeal/programme/project/year): "
            f"{', '.join(twice)}. Remove the extra ones, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_squashed_0005_usual_country_names"),
        ("funding", "0005_pledge_focal_point_kept"),
        ("programmes", "0001_squashed_0004_actual_not_below_zero"),
    ]

    operations = [
        migrations.RunPython(refuse_requirements_recorded_twice, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="fundingrequirement",
            constraint=models.UniqueConstraint(
                models.F("country"),
                django.db.models.functions.comparison.Coalesce(
                    "appeal", 0, output_field=models.BigIntegerField()
                ),
                django.db.models.functions.comparison.Coalesce(
                    "programme", 0, output_field=models.BigIntegerField()
                ),
                django.db.models.functions.comparison.Coalesce(
                    "project", 0, output_field=models.BigIntegerField()
                ),
                models.F("year"),
                name="funding_requirement_once",
                violation_error_message=(
                    "A requirement for this country, appeal, programme, project and year is "
                    "already recorded; change that one instead."
                ),
            ),
        ),
    ]

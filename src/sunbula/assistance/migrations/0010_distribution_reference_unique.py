"""A distribution's reference names one hand-over.

Two hand-overs against one entitlement on one day used to get the same reference; those
recorded so far keep theirs on the first and get a numbered suffix on each later one
(`-2`, `-3`, …) before the references are made unique. Going back leaves the suffixes.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Count


def number_repeated_references(apps: Any, schema_editor: Any) -> None:
    distribution = apps.get_model("assistance", "Distribution")
    repeated = (
        distribution.objects.values("reference")
        .annotate(times=Count("pk"))
        .filter(times__gt=1)
        .values_list("reference", flat=True)
    )
    for reference in list(repeated):
        taken = set(
            distribution.objects.filter(reference__startswith=reference).values_list(
                "reference", flat=True
            )
        )
        later = distribution.objects.filter(reference=reference).order_by("pk")[1:]
        number = 2
        for row in later:
            while f"{reference[:52]}-{number}" in taken:
                number += 1
            row.reference = f"{reference[:52]}-{number}"
            taken.add(row.reference)
            row.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [("assistance", "0009_distributions_latest_first")]

    operations = [
        migrations.RunPython(number_repeated_references, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="distribution",
            constraint=models.UniqueConstraint(
                fields=("reference",), name="assistance_distribution_once"
            ),
        ),
    ]

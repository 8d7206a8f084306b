"""A database set up before Sunbula shipped the usual Arabic, French and Russian names of
the member states (reference_data/country_names.csv) takes them now, as `sunbula setup`
gives them to a new one: Türkiye gets its Arabic name, Syria its French one without the
inverted form. Names not in the file stay as they are."""

import csv
from pathlib import Path

from django.db import migrations

NAMES = Path(__file__).resolve().parent.parent / "reference_data" / "country_names.csv"


def usual_names(apps, schema_editor):
    Country = apps.get_model("core", "Country")
    with NAMES.open(encoding="utf-8") as rows:
        usual = {
            row.pop("iso3"): {language: name for language, name in row.items() if name}
            for row in csv.DictReader(rows)
        }
    for country in Country.objects.filter(iso3__in=usual).order_by("pk"):
        names = {**(country.name_translations or {}), **usual[country.iso3]}
        if names != country.name_translations:
            country.name_translations = names
            country.save(update_fields=["name_translations"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_sign_in_failures")]

    operations = [migrations.RunPython(usual_names, migrations.RunPython.noop, elidable=True)]

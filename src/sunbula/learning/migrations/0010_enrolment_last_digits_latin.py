"""The last digits of a phone, kept in clear, written 0-9 for enrolments made when Persian and
Arabic-Indic digits were kept as typed. Their keyed hashes cannot be made again (the number
is not kept): those enrolments are found by the hash of the digits as typed
(services.courses.phone_digests)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def last_digits_latin(apps: Any, schema_editor: Any) -> None:
    Enrolment = apps.get_model("learning", "Enrolment")
    for enrolment in Enrolment.objects.exclude(phone_last_digits__regex=r"^[0-9+]*$").only(
        "pk", "phone_last_digits"
    ):
        enrolment.phone_last_digits = enrolment.phone_last_digits.translate(TO_LATIN)
        enrolment.save(update_fields=["phone_last_digits"])


class Migration(migrations.Migration):
    dependencies = [("learning", "0009_event_time_zone_checked")]

    operations = [
        # Back: the digits stay 0-9; which ones were typed otherwise is not known.
        migrations.RunPython(last_digits_latin, migrations.RunPython.noop),
    ]

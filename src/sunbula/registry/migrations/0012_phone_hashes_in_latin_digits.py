"""Phone numbers typed in Persian or Arabic-Indic digits are looked up as the same number in
0-9: their look-up hashes are worked out again from the sealed number. Only the people whose
number holds such digits change; a new install has none and needs no key."""

from typing import Any

from django.db import migrations

from sunbula.registry import protection

BATCH = 1000


def hash_phones_in_latin_digits(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("registry", "Person")
    people = person_model.objects.using(schema_editor.connection.alias)
    if not people.exists():
        return
    changed = []
    for person in people.only("pk", "sealed", "phone_hash").order_by("pk").iterator(BATCH):
        phone = person.sealed.get("phone", "")
        if phone.isascii():
            continue
        person.phone_hash = protection.phone_hash(phone)
        changed.append(person)
    people.bulk_update(changed, ["phone_hash"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_household_reference_trigram"),
    ]

    operations = [
        migrations.RunPython(hash_phones_in_latin_digits, migrations.RunPython.noop),
    ]

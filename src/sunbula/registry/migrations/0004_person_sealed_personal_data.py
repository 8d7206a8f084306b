"""A person's protected fields, one Fernet token per field until now, sealed as one token.

Forward opens each field's token with the configured keys and seals them together with the
newest; backward writes each field's Fernet token again. The old columns go in the next step.
"""

from collections.abc import Callable, Iterator
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

from sunbula.registry import protection

FIELD_TOKENS = (
    "given_name",
    "family_name",
    "father_name",
    "given_name_latin",
    "family_name_latin",
    "father_name_latin",
    "birth_date",
    "phone",
    "id_number",
)
BATCH = 500


def _in_batches(people: Any) -> Iterator[list[Any]]:
    batch = []
    for person in people.iterator(chunk_size=BATCH):
        batch.append(person)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _rewrite(
    apps: Any, schema_editor: Any, change: Callable[[Any, MultiFernet], None], columns: list[str]
) -> None:
    person_model = apps.get_model("registry", "Person")
    people = person_model.objects.using(schema_editor.connection.alias).order_by("pk")
    if not people.exists():
        return  # a new install: no key needed
    fernet = MultiFernet([Fernet(key.encode()) for key in protection.configured_keys()])
    for batch in _in_batches(people):
        for person in batch:
            change(person, fernet)
        person_model.objects.using(schema_editor.connection.alias).bulk_update(batch, columns)


def _seal(person: Any, fernet: MultiFernet) -> None:
    try:
        person.sealed = {
            name: fernet.decrypt(token.encode()).decode()
            for name in FIELD_TOKENS
            if (token := getattr(person, name))
        }
    except InvalidToken as invalid:
        raise ImproperlyConfigured(
            f"Person {person.pk} cannot be decrypted with the keys in {protection.KEYS_SETTING}."
        ) from invalid


def _unseal(person: Any, fernet: MultiFernet) -> None:
    for name in FIELD_TOKENS:
        value = person.sealed.get(name, "")
        setattr(person, name, fernet.encrypt(value.encode()).decode() if value else "")


def seal_field_tokens(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, schema_editor, _seal, ["sealed"])


def field_tokens_again(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, schema_editor, _unseal, list(FIELD_TOKENS))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_import_job_file_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sealed",
            field=protection.SealedField(
                blank=True, default=dict, editable=False, verbose_name="personal data, encrypted"
            ),
        ),
        migrations.RunPython(seal_field_tokens, field_tokens_again),
    ]

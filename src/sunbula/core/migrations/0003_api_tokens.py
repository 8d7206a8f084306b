"""API tokens kept as digests, with a name, an expiry and a scope.

The earlier tokens (Django REST framework's, kept in clear in `authtoken_token`) become
tokens of the same key, hashed, reading and writing everywhere as before, and expiring in
90 days; the table of clear keys is then dropped."""

import datetime
import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MIGRATED_FOR = datetime.timedelta(days=90)
CLEAR_TABLE = "authtoken_token"


def hash_clear_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if CLEAR_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("core", "ApiToken")
    now = django.utils.timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {CLEAR_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        if created is not None and django.utils.timezone.is_naive(created):
            created = django.utils.timezone.make_aware(created, datetime.UTC)
        ApiToken.objects.create(
            user_id=user_id,
            name="API token",
            prefix=key[:8],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            read_only=False,
            domains=[],
            created_at=created or now,
            expires_at=now + MIGRATED_FOR,
        )
    schema_editor.execute(f"DROP TABLE {CLEAR_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_schedule_runs_and_notifications"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("prefix", models.CharField(max_length=8, unique=True, verbose_name="prefix")),
                ("digest", models.CharField(max_length=64, verbose_name="digest")),
                ("read_only", models.BooleanField(default=True, verbose_name="read only")),
                ("domains", models.JSONField(blank=True, default=list, verbose_name="domains")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                (
                    "last_used_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last used"),
                ),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.RunPython(hash_clear_tokens, migrations.RunPython.noop, elidable=True),
    ]

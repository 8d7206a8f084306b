"""Farmers who completed a course before course certificates existed get theirs, as the course
service issues one on completion: a code "C-" and ten random hexadecimal digits, issued at the
time the course was completed. Enrolments that hold a certificate keep it, so running this
again issues nothing."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import migrations

BATCH = 1000


def certificate_code(taken: set[str]) -> str:
    """The service's format; a code already held is drawn again, so that the unique code
    never stops the migration."""
    code = f"C-{secrets.token_hex(5).upper()}"
    while code in taken:
        code = f"C-{secrets.token_hex(5).upper()}"
    taken.add(code)
    return code


def issue_missing_certificates(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    enrolments = apps.get_model("learning", "Enrolment").objects.using(alias)
    certificate_model = apps.get_model("learning", "CourseCertificate")
    certificates = certificate_model.objects.using(alias)
    # Read before writing: SQLite does not isolate a query being read from the inserts.
    uncertified = list(
        enrolments.filter(completed_at__isnull=False, certificate__isnull=True)
        .order_by("pk")
        .values_list("pk", "completed_at")
    )
    if not uncertified:
        return
    taken = set(certificates.values_list("code", flat=True))
    certificates.bulk_create(
        (
            certificate_model(
                enrolment_id=enrolment_id, code=certificate_code(taken), issued_at=completed_at
            )
            for enrolment_id, completed_at in uncertified
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [("learning", "0012_lesson_retired")]

    operations = [
        # Back: the certificates stay; farmers may already have shown or printed their codes.
        migrations.RunPython(issue_missing_certificates, migrations.RunPython.noop),
    ]

"""Import reports kept before this release may quote the refused values (a birth date, a
choice typed in the wrong column): keep each problem's line and column and drop its message,
in the import jobs and in their audit entries. The page then says the reason was removed."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _blanked(problems: Any) -> Any:
    if not isinstance(problems, list):
        return problems
    return [
        {**problem, "message": ""} if isinstance(problem, dict) else {"message": ""}
        for problem in problems
    ]


def blank_problem_messages(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ImportJob = apps.get_model("registry", "ImportJob")
    for job in ImportJob.objects.exclude(problems=[]).only("pk", "problems").iterator():
        ImportJob.objects.filter(pk=job.pk).update(problems=_blanked(job.problems))
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    kind = ContentType.objects.filter(app_label="registry", model="importjob").first()
    if kind is None:
        return
    for entry in AuditEntry.objects.filter(content_type=kind).only("pk", "before", "after"):
        changed = {}
        for side in ("before", "after"):
            values = getattr(entry, side)
            if isinstance(values, dict) and values.get("problems"):
                changed[side] = {**values, "problems": _blanked(values["problems"])}
        if changed:
            AuditEntry.objects.filter(pk=entry.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_duplicate_evidence"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(blank_problem_messages, migrations.RunPython.noop)]

"""The 3W import: who does what where, read from an HXL-tagged file, all or nothing."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from sunbula.core.audit import audit_record
from sunbula.core.imports import ImportFile, batches
from sunbula.core.models import AdminArea, Country, Organisation, User
from sunbula.programmes.imports import THREE_W, THREE_W_OPTIONAL_TAGS, THREE_W_TAGS, ThreeWFile
from sunbula.programmes.imports import ThreeWImportError as ThreeWImportError
from sunbula.programmes.models import ThreeWActivity, ThreeWImport

__all__ = ["THREE_W_OPTIONAL_TAGS", "THREE_W_TAGS", "ThreeWImportError", "three_w_import"]


@transaction.atomic
def three_w_import(
    *,
    actor: User,
    country: Country,
    file_name: str,
    content: ImportFile,
    organisation: Organisation | None = None,
) -> ThreeWImport:
    """Import a partner's HXL-tagged 3W CSV: every row or none, bad rows named by line.

    Sectors are DAC 5-digit codes, places admin-1 p-codes of `country`. Importing the same
    file again changes nothing. An upload or an open file is read as a stream, never whole:
    checked first, then stored a batch at a time.
    """
    digest = THREE_W.sha256(content)
    already = ThreeWImport.objects.filter(sha256=digest).first()
    if already is not None:
        return already
    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country, level=1)}
    activities = THREE_W.records(
        content, context=ThreeWFile(country=country, areas=areas), file_name=file_name
    )
    source = ThreeWImport(
        organisation=organisation, country=country, file_name=file_name[:255], sha256=digest
    )
    source.full_clean()
    source.save()
    rows = 0
    by_organisation: dict[str, int] = defaultdict(int)
    for batch in batches(activities):
        for activity in batch:
            activity.source = source
            by_organisation[activity.organisation_name] += 1
        ThreeWActivity.objects.bulk_create(batch)
        rows += len(batch)
    audit_record(
        actor=actor,
        action="programmes.threewimport.imported",
        obj=source,
        after={
            "file_name": source.file_name,
            "country": country.pk,
            "rows": rows,
            "organisations": dict(sorted(by_organisation.items())),
        },
    )
    return source

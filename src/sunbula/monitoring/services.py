"""Every write to the situation records: keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from sunbula.core.audit import audit_record, create_audited, update_audited, upsert_audited
from sunbula.core.models import AdminArea, Country, User
from sunbula.monitoring.imports import read_phase_rows
from sunbula.monitoring.models import PhasePopulation, SituationDataset


@dataclass(frozen=True)
class ImportResult:
    dataset: SituationDataset
    rows: int
    created: int
    updated: int


@transaction.atomic
def situation_dataset_import(
    *,
    actor: User | None,
    country: Country,
    name: str,
    classification: str,
    source: str,
    published_on: datetime.date,
    period_type: str,
    content: bytes,
    name_translations: dict[str, str] | None = None,
    is_illustrative: bool = False,
) -> ImportResult:
    """Import phase populations from an HXL or plain CSV file, all rows or none.

    The file is read in full before anything is written; a bad row refuses the file with
    every bad row named. Importing the same file again changes nothing.
    """
    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country)}
    rows = read_phase_rows(content, classification=classification, known_p_codes=areas)
    lookup = {"country": country, "name": name, "published_on": published_on}
    values = {
        "name_translations": name_translations or {},
        "classification": classification,
        "source": source,
        "is_illustrative": is_illustrative,
    }
    dataset = SituationDataset.objects.filter(**lookup).first()
    if dataset is None:
        dataset = create_audited(
            actor=actor, model=SituationDataset, values={**lookup, **values, "created_by": actor}
        )
    else:
        dataset = update_audited(actor=actor, obj=dataset, values=values)
    created = updated = 0
    for row in rows:
        existing = PhasePopulation.objects.filter(
            dataset=dataset,
            admin_area=areas[row.p_code],
            period_type=period_type,
            period_start=row.period_start,
        ).first()
        row_values = {
            "period_end": row.period_end,
            "analysed": row.analysed,
            "phase1": row.phases[0],
            "phase2": row.phases[1],
            "phase3": row.phases[2],
            "phase4": row.phases[3],
            "phase5": row.phases[4],
        }
        before = None if existing is None else [getattr(existing, key) for key in row_values]
        upsert_audited(
            actor=actor,
            model=PhasePopulation,
            lookup={
                "dataset": dataset,
                "admin_area": areas[row.p_code],
                "period_type": period_type,
                "period_start": row.period_start,
            },
            values=row_values,
        )
        if existing is None:
            created += 1
        elif before != list(row_values.values()):
            updated += 1
    if created or updated:
        audit_record(
            actor=actor,
            action="monitoring.situationdataset.imported",
            obj=dataset,
            after={"rows": len(rows), "created": created, "updated": updated},
        )
    return ImportResult(dataset=dataset, rows=len(rows), created=created, updated=updated)

"""Every write to programmes, projects, results and 4W rows: keyword-only, atomic, audited."""

from __future__ import annotations

from sunbula.programmes.services.programmes import (
    PROGRAMME_FIELDS,
    ProgrammeFields,
    governing_decision_record,
    programme_create,
    programme_update,
)
from sunbula.programmes.services.projects import (
    PROJECT_FIELDS,
    ProjectFields,
    budget_record,
    budget_remove,
    document_add,
    participant_add,
    participant_remove,
    project_create,
    project_locations_set,
    project_sectors_set,
    project_update,
    target_group_set,
)
from sunbula.programmes.services.results import (
    TOTAL,
    Disaggregation,
    PeriodLocked,
    indicator_actual_record,
    indicator_create,
    indicator_target_set,
    reporting_period_approve,
    reporting_period_create,
    reporting_period_unlock,
    result_create,
    result_remove,
)
from sunbula.programmes.services.three_w import (
    THREE_W_OPTIONAL_TAGS,
    THREE_W_TAGS,
    ThreeWImportError,
    three_w_import,
)

__all__ = [
    "PROGRAMME_FIELDS",
    "PROJECT_FIELDS",
    "THREE_W_OPTIONAL_TAGS",
    "THREE_W_TAGS",
    "TOTAL",
    "Disaggregation",
    "PeriodLocked",
    "ProgrammeFields",
    "ProjectFields",
    "ThreeWImportError",
    "budget_record",
    "budget_remove",
    "document_add",
    "governing_decision_record",
    "indicator_actual_record",
    "indicator_create",
    "indicator_target_set",
    "participant_add",
    "participant_remove",
    "programme_create",
    "programme_update",
    "project_create",
    "project_locations_set",
    "project_sectors_set",
    "project_update",
    "reporting_period_approve",
    "reporting_period_create",
    "reporting_period_unlock",
    "result_create",
    "result_remove",
    "target_group_set",
    "three_w_import",
]

"""Every write to policy records: keyword-only, typed, atomic, audited.

The validation workflow lives in `profiles`: draft → submitted → validated (by the focal
point of the profile's own country) → published. Only a draft can be changed.
"""

from __future__ import annotations

from sunbula.policy.services.frameworks import framework_create, score_record
from sunbula.policy.services.indicators import (
    IndicatorImport,
    indicator_value_record,
    indicator_values_import,
)
from sunbula.policy.services.profiles import (
    WORKFLOW_FIELDS,
    CoordinatingBodyFields,
    DecisionFields,
    LegalInstrumentFields,
    StrategyFields,
    coordinating_body_add,
    coordinating_body_remove,
    coordinating_body_update,
    decision_add,
    decision_remove,
    decision_update,
    legal_instrument_add,
    legal_instrument_remove,
    legal_instrument_update,
    profile_create,
    profile_publish,
    profile_reopen,
    profile_submit,
    profile_validate,
    strategy_add,
    strategy_remove,
    strategy_update,
)
from sunbula.policy.services.snapshots import report_snapshot_take

__all__ = [
    "WORKFLOW_FIELDS",
    "CoordinatingBodyFields",
    "DecisionFields",
    "IndicatorImport",
    "LegalInstrumentFields",
    "StrategyFields",
    "coordinating_body_add",
    "coordinating_body_remove",
    "coordinating_body_update",
    "decision_add",
    "decision_remove",
    "decision_update",
    "framework_create",
    "indicator_value_record",
    "indicator_values_import",
    "legal_instrument_add",
    "legal_instrument_remove",
    "legal_instrument_update",
    "profile_create",
    "profile_publish",
    "profile_reopen",
    "profile_submit",
    "profile_validate",
    "report_snapshot_take",
    "score_record",
    "strategy_add",
    "strategy_remove",
    "strategy_update",
]

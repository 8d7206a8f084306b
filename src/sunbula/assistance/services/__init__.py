"""Every write of this domain: cycles, targeting, the frozen list, entitlements and
distributions; atomic and audited.

A distribution takes stock through supply's `stock_distribute`, lot by lot, first expiry
first out, and feeds the cycle's indicator actuals through programmes'
`indicator_actual_record` (an approved period refuses them; the distribution itself stands).
"""

from __future__ import annotations

from sunbula.assistance.imports import BatchRow
from sunbula.assistance.services.actuals import (
    ACTUALS_SOURCE,
    SEX_KEYS,
    cycle_actuals_feed,
    tallies_rebuild,
)
from sunbula.assistance.services.cycles import (
    CYCLE_FIELDS,
    ZERO,
    AlreadyServed,
    AssistanceError,
    CycleFields,
    DuplicateBeneficiary,
    EntitlementExceeded,
    FourEyes,
    beneficiary_add,
    beneficiary_list_freeze,
    cycle_create,
    cycle_update,
    eligibility_rule_add,
    eligibility_rule_remove,
    ration_line_set,
)
from sunbula.assistance.services.distributions import (
    ListEmpty,
    ListUpload,
    distribution_list_upload,
    distribution_record,
    distribution_reverse,
)
from sunbula.assistance.services.entitlements import (
    cycle_close,
    entitlement_cancel,
    entitlement_reduce,
    entitlements_approve,
    entitlements_compute,
)
from sunbula.assistance.services.erasure import person_assistance_forget
from sunbula.assistance.services.lists import distribution_batch_record
from sunbula.assistance.services.monitoring import (
    STANDARD_QUESTIONS,
    MonitoringRefused,
    SampledLink,
    monitoring_start,
)
from sunbula.assistance.services.point import (
    ClientIdReused,
    PointResult,
    distribution_point_record,
)

__all__ = [
    "ACTUALS_SOURCE",
    "CYCLE_FIELDS",
    "SEX_KEYS",
    "STANDARD_QUESTIONS",
    "ZERO",
    "AlreadyServed",
    "AssistanceError",
    "BatchRow",
    "ClientIdReused",
    "CycleFields",
    "DuplicateBeneficiary",
    "EntitlementExceeded",
    "FourEyes",
    "ListEmpty",
    "ListUpload",
    "MonitoringRefused",
    "PointResult",
    "SampledLink",
    "beneficiary_add",
    "beneficiary_list_freeze",
    "cycle_actuals_feed",
    "cycle_close",
    "cycle_create",
    "cycle_update",
    "distribution_batch_record",
    "distribution_list_upload",
    "distribution_point_record",
    "distribution_record",
    "distribution_reverse",
    "eligibility_rule_add",
    "eligibility_rule_remove",
    "entitlement_cancel",
    "entitlement_reduce",
    "entitlements_approve",
    "entitlements_compute",
    "monitoring_start",
    "person_assistance_forget",
    "ration_line_set",
    "tallies_rebuild",
]

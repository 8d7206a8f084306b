"""Every write to appeals, conferences, pledges, commitments and payments: atomic and audited.

The money chain keeps paid ≤ committed ≤ pledged for every pledge: each service locks the
pledge row before it compares the totals, so two clerks cannot overshoot it together.
"""

from __future__ import annotations

from sunbula.funding.services.appeals import (
    APPEAL_FIELDS,
    REQUIREMENT_FIELDS,
    AppealFields,
    RequirementFields,
    appeal_create,
    appeal_update,
    requirement_create,
    requirement_update,
)
from sunbula.funding.services.commitments import (
    COMMITMENT_DRAWS,
    COMMITMENT_FIELDS,
    CommitmentFields,
    CommitmentInUse,
    commitment_cancel,
    commitment_record,
    commitment_update,
)
from sunbula.funding.services.conferences import (
    CONFERENCE_DETAILS,
    CONFERENCE_FIELDS,
    ConferenceFields,
    conference_create,
    conference_publish_announcements,
    conference_update,
)
from sunbula.funding.services.payments import (
    PAYMENT_FIELDS,
    PaymentFields,
    PaymentInUse,
    payment_cancel,
    payment_record,
    payment_update,
)
from sunbula.funding.services.pledges import (
    PLEDGE_AMOUNT_FIELDS,
    PLEDGE_EDIT_FIELDS,
    PLEDGE_FIELDS,
    PLEDGE_PURPOSE_FIELDS,
    PledgeClosed,
    PledgeFields,
    pledge_cancel,
    pledge_record,
    pledge_revise,
    pledge_update,
)
from sunbula.funding.services.reminders import pledge_reminders_send

__all__ = [
    "APPEAL_FIELDS",
    "COMMITMENT_DRAWS",
    "COMMITMENT_FIELDS",
    "CONFERENCE_DETAILS",
    "CONFERENCE_FIELDS",
    "PAYMENT_FIELDS",
    "PLEDGE_AMOUNT_FIELDS",
    "PLEDGE_EDIT_FIELDS",
    "PLEDGE_FIELDS",
    "PLEDGE_PURPOSE_FIELDS",
    "REQUIREMENT_FIELDS",
    "AppealFields",
    "CommitmentFields",
    "CommitmentInUse",
    "ConferenceFields",
    "PaymentFields",
    "PaymentInUse",
    "PledgeClosed",
    "PledgeFields",
    "RequirementFields",
    "appeal_create",
    "appeal_update",
    "commitment_cancel",
    "commitment_record",
    "commitment_update",
    "conference_create",
    "conference_publish_announcements",
    "conference_update",
    "payment_cancel",
    "payment_record",
    "payment_update",
    "pledge_cancel",
    "pledge_record",
    "pledge_reminders_send",
    "pledge_revise",
    "pledge_update",
    "requirement_create",
    "requirement_update",
]

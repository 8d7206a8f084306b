"""Every write to events, registrations, attendance, certificates and farmer courses.

Keyword-only, atomic, validated and audited. Public callers (the registration form, a
farmer's phone) act with `actor=None`; the audit entry then has no user.
"""

from __future__ import annotations

from sunbula.learning.services.attendance import (
    AttendanceImportError,
    AttendanceImportSummary,
    attendance_check_in,
    attendance_import,
    certificate_issue,
)
from sunbula.learning.services.courses import (
    course_create,
    farmer_enrol,
    lesson_add,
    lesson_complete,
)
from sunbula.learning.services.events import (
    EVENT_FIELDS,
    EventFields,
    delegation_create,
    event_create,
    question_add,
    session_add,
)
from sunbula.learning.services.registrations import (
    HOLDS_A_PLACE,
    OFFER_HOURS,
    REGISTRATION_FIELDS,
    REGISTRATIONS_PER_ADDRESS_PER_HOUR,
    NotEligible,
    RegistrationRefused,
    Status,
    TooManyRegistrations,
    delegate_nominate,
    offer_accept,
    offers_expire,
    registration_approve,
    registration_reject,
    registration_submit,
    registration_withdraw,
    registrations_close_due,
    reminders_send,
)

__all__ = [
    "EVENT_FIELDS",
    "HOLDS_A_PLACE",
    "OFFER_HOURS",
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR",
    "REGISTRATION_FIELDS",
    "AttendanceImportError",
    "AttendanceImportSummary",
    "EventFields",
    "NotEligible",
    "RegistrationRefused",
    "Status",
    "TooManyRegistrations",
    "attendance_check_in",
    "attendance_import",
    "certificate_issue",
    "course_create",
    "delegate_nominate",
    "delegation_create",
    "event_create",
    "farmer_enrol",
    "lesson_add",
    "lesson_complete",
    "offer_accept",
    "offers_expire",
    "question_add",
    "registration_approve",
    "registration_reject",
    "registration_submit",
    "registration_withdraw",
    "registrations_close_due",
    "reminders_send",
    "session_add",
]

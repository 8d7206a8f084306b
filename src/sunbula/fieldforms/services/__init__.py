"""Every write of field capture: publishing forms, issuing and revoking device tokens,
receiving submissions (OpenRosa, Kobo push and pull) and deciding those kept for review.

A submission is stored once per instance id, sealed like personal data, then applied
through its purpose's services in a savepoint: all of it or, when a rule refuses, nothing,
and the submission waits for review with the reason.
"""

from __future__ import annotations

from sunbula.fieldforms.services.devices import device_issue, device_revoke
from sunbula.fieldforms.services.forms import form_open_set, form_publish
from sunbula.fieldforms.services.kobo_sources import (
    kobo_pull,
    kobo_pull_request,
    kobo_push_receive,
    kobo_source_remove,
    kobo_source_save,
)
from sunbula.fieldforms.services.refusals import refused_send_record, refused_sends_purge
from sunbula.fieldforms.services.submissions import (
    Received,
    Refused,
    SubmissionConflict,
    Upload,
    attachment_open,
    submission_accept,
    submission_read,
    submission_receive,
    submission_reject,
    submissions_erase,
)

__all__ = [
    "Received",
    "Refused",
    "SubmissionConflict",
    "Upload",
    "attachment_open",
    "device_issue",
    "device_revoke",
    "form_open_set",
    "form_publish",
    "kobo_pull",
    "kobo_pull_request",
    "kobo_push_receive",
    "kobo_source_remove",
    "kobo_source_save",
    "refused_send_record",
    "refused_sends_purge",
    "submission_accept",
    "submission_read",
    "submission_receive",
    "submission_reject",
    "submissions_erase",
]

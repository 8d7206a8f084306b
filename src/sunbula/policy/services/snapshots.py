"""Snapshots of the comparative report: the published profiles frozen on a day."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import transaction

from sunbula.core.audit import create_audited
from sunbula.core.models import User
from sunbula.policy.models import ReportSnapshot
from sunbula.policy.report import build_report_content


@transaction.atomic
def report_snapshot_take(*, actor: User | None, taken_on: datetime.date) -> ReportSnapshot:
    """Freeze the published profiles as they stand on `taken_on`; reports read only this."""
    content = build_report_content(taken_on)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return create_audited(
        actor=actor,
        model=ReportSnapshot,
        values={
            "taken_on": taken_on,
            "content": content,
            "content_sha256": hashlib.sha256(canonical.encode()).hexdigest(),
            "created_by": actor,
        },
    )

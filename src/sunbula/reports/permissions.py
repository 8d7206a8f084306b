"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.permissions import grant_to_every_role


class ReportPerm(StrEnum):
    EXPORT_OPEN_DATA = "reports.export_open_data"


# Every role may export what it may see: the exports read through scoped selectors.
grant_to_every_role(*ReportPerm)

"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.permissions import grant_to_every_role


class ReportPerm(StrEnum):
    EXPORT_OPEN_DATA = "reports.export_open_data"
    VIEW_DASHBOARDS = "reports.view_dashboards"
    REQUEST_REPORTS = "reports.request_reports"


# Every role may export, look at dashboards and ask for reports on what it may see: each of
# them reads through the domains' scoped selectors.
grant_to_every_role(*ReportPerm)

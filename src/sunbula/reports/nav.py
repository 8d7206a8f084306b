"""Reports in the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.registry import NavItem, register_nav
from sunbula.reports.permissions import ReportPerm

register_nav(NavItem(_("Exports"), "reports:export_list", ReportPerm.EXPORT_OPEN_DATA, 800))
register_nav(NavItem(_("Reports"), "reports:report_runs", ReportPerm.REQUEST_REPORTS, 795))

"""Reports in the navigation; the home dashboard as the first panel of the home page; the
people reached that the 4W gives."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.plugins import NavItem, Panel, register_nav, register_panels
from sunbula.programmes.selectors import register_reached_source
from sunbula.reports.dashboards import home_dashboard
from sunbula.reports.permissions import ReportPerm
from sunbula.reports.selectors import four_w_reached


def dashboard_panels(user: AnyUser) -> list[Panel]:
    if not has_permission(user, ReportPerm.VIEW_DASHBOARDS):
        return []
    board = home_dashboard(user=user)
    return [Panel(_("From pledge to plate"), "reports/_home_dashboard.html", {"board": board})]


register_panels(dashboard_panels, order=10)
# The 4W's people reached, on its page, in its API and in its files alike.
register_reached_source(four_w_reached)
register_nav(NavItem(_("Dashboards"), "reports:dashboard_index", ReportPerm.VIEW_DASHBOARDS, 790))
register_nav(NavItem(_("Exports"), "reports:export_list", ReportPerm.EXPORT_OPEN_DATA, 800))
register_nav(NavItem(_("Reports"), "reports:report_runs", ReportPerm.REQUEST_REPORTS, 795))

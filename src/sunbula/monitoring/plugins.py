"""Monitoring's entry in the navigation, and its importer of phase populations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.imports import register_importer
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.monitoring.demo import load_demo
from sunbula.monitoring.imports import PHASE_POPULATIONS
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.monitoring.services import situation_dataset_import

register_nav(
    NavItem(
        _("Food-security situation"), "monitoring:dataset_list", MonitoringPerm.VIEW_SITUATION, 70
    )
)
register_nav(
    NavItem(_("Market prices"), "monitoring:market_list", MonitoringPerm.VIEW_SITUATION, 71)
)
register_demo_loader(load_demo)

register_importer(PHASE_POPULATIONS, service=situation_dataset_import)

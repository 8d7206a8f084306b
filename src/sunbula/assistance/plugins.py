"""Assistance in the navigation and in the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav

register_nav(NavItem(_("Assistance"), "assistance:cycle_list", AssistancePerm.VIEW_ASSISTANCE, 65))
register_demo_loader(load_assistance_demo)

"""Policy's entry in the navigation, its demo loader and its importer of SDG values."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.imports import register_importer
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.policy.demo import load_demo
from sunbula.policy.imports import SDG_VALUES
from sunbula.policy.permissions import PolicyPerm
from sunbula.policy.services import indicator_values_import

register_nav(NavItem(_("Policy profiles"), "policy:profile_list", PolicyPerm.VIEW_PROFILE, 60))
register_demo_loader(load_demo)
register_nav(NavItem(_("Policy reports"), "policy:report_list", PolicyPerm.VIEW_REPORT, 61))

register_importer(SDG_VALUES, service=indicator_values_import)

"""Field forms in the navigation and in the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.fieldforms.demo import load_fieldforms_demo
from sunbula.fieldforms.permissions import FieldPerm

register_nav(NavItem(_("Field forms"), "fieldforms:overview", FieldPerm.VIEW_FIELD_FORMS, 66))
register_demo_loader(load_fieldforms_demo)

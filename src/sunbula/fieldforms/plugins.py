"""Field forms in the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.plugins import NavItem, register_nav
from sunbula.fieldforms.permissions import FieldPerm

register_nav(NavItem(_("Field forms"), "fieldforms:overview", FieldPerm.VIEW_FIELD_FORMS, 66))

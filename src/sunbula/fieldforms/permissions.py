"""What each role may do with field forms (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class FieldPerm(StrEnum):
    VIEW_FIELD_FORMS = "fieldforms.view_field_forms"
    REVIEW_SUBMISSIONS = "fieldforms.review_submissions"
    MANAGE_FIELD_FORMS = "fieldforms.manage_field_forms"


grant(Role.ADMINISTRATOR, *FieldPerm)
grant(Role.PROGRAMME_OFFICER, FieldPerm.VIEW_FIELD_FORMS, FieldPerm.REVIEW_SUBMISSIONS)
grant(Role.LOGISTICS_OFFICER, FieldPerm.VIEW_FIELD_FORMS)
grant(Role.ME_OFFICER, FieldPerm.VIEW_FIELD_FORMS, FieldPerm.REVIEW_SUBMISSIONS)
grant(Role.PROTECTION_OFFICER, FieldPerm.VIEW_FIELD_FORMS)

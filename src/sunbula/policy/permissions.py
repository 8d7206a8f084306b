"""What each role may do with policy profiles, assessments and reports (see core.permissions).

Validation is the country focal point's alone: no other role holds it, and the services
also require the focal point's role to be limited to the profile's country.
"""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class PolicyPerm(StrEnum):
    VIEW_PROFILE = "policy.view_profile"
    EDIT_PROFILE = "policy.edit_profile"
    VALIDATE_PROFILE = "policy.validate_profile"
    PUBLISH_PROFILE = "policy.publish_profile"
    IMPORT_INDICATORS = "policy.import_indicators"
    MANAGE_ASSESSMENT = "policy.manage_assessment"
    VIEW_REPORT = "policy.view_report"
    BUILD_REPORT = "policy.build_report"


_ANALYST = (
    PolicyPerm.VIEW_PROFILE,
    PolicyPerm.EDIT_PROFILE,
    PolicyPerm.PUBLISH_PROFILE,
    PolicyPerm.IMPORT_INDICATORS,
    PolicyPerm.MANAGE_ASSESSMENT,
    PolicyPerm.VIEW_REPORT,
    PolicyPerm.BUILD_REPORT,
)
grant(Role.ADMINISTRATOR, *_ANALYST)
grant(Role.POLICY_ANALYST, *_ANALYST)
grant(
    Role.COUNTRY_FOCAL_POINT,
    PolicyPerm.VIEW_PROFILE,
    PolicyPerm.EDIT_PROFILE,
    PolicyPerm.VALIDATE_PROFILE,
    PolicyPerm.VIEW_REPORT,
)
grant(Role.PROGRAMME_OFFICER, PolicyPerm.VIEW_PROFILE, PolicyPerm.VIEW_REPORT)
grant(Role.ME_OFFICER, PolicyPerm.VIEW_PROFILE, PolicyPerm.VIEW_REPORT)
grant(Role.DONOR_VIEWER, PolicyPerm.VIEW_REPORT)

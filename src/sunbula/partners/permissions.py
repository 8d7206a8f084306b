"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class PartnersPerm(StrEnum):
    VIEW_PARTNER = "partners.view_partner"
    MANAGE_PARTNER = "partners.manage_partner"
    VIEW_AGREEMENT = "partners.view_agreement"
    MANAGE_AGREEMENT = "partners.manage_agreement"
    VIEW_ENGAGEMENT = "partners.view_engagement"
    MANAGE_ENGAGEMENT = "partners.manage_engagement"


VIEW = (PartnersPerm.VIEW_PARTNER, PartnersPerm.VIEW_AGREEMENT, PartnersPerm.VIEW_ENGAGEMENT)

grant(Role.ADMINISTRATOR, *PartnersPerm)
grant(Role.PROGRAMME_OFFICER, *PartnersPerm)
grant(Role.EVENT_ORGANISER, *VIEW, PartnersPerm.MANAGE_ENGAGEMENT)
grant(Role.ME_OFFICER, *VIEW)
grant(Role.POLICY_ANALYST, *VIEW)
grant(Role.COUNTRY_FOCAL_POINT, *VIEW)
grant(Role.DONOR_VIEWER, PartnersPerm.VIEW_PARTNER)

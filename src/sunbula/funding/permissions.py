"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant, grant_to_every_role


class FundingPerm(StrEnum):
    VIEW_FUNDING = "funding.view_funding"
    RECORD_PLEDGE = "funding.record_pledge"
    MANAGE_CONFERENCE = "funding.manage_conference"
    MANAGE_REQUIREMENT = "funding.manage_requirement"


grant(Role.ADMINISTRATOR, *FundingPerm)
grant_to_every_role(FundingPerm.VIEW_FUNDING)
grant(Role.PROGRAMME_OFFICER, *FundingPerm)
grant(Role.EVENT_ORGANISER, FundingPerm.RECORD_PLEDGE, FundingPerm.MANAGE_CONFERENCE)

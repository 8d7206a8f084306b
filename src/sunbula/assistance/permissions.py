"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant, grant_to_every_role


class AssistancePerm(StrEnum):
    VIEW_ASSISTANCE = "assistance.view_assistance"
    MANAGE_CYCLE = "assistance.manage_cycle"
    RECORD_DISTRIBUTION = "assistance.record_distribution"
    VIEW_TRACE = "assistance.view_trace"
    RUN_MONITORING = "assistance.run_monitoring"


grant(Role.ADMINISTRATOR, *AssistancePerm)
grant_to_every_role(AssistancePerm.VIEW_TRACE)
grant(
    Role.PROGRAMME_OFFICER,
    AssistancePerm.VIEW_ASSISTANCE,
    AssistancePerm.MANAGE_CYCLE,
    AssistancePerm.RECORD_DISTRIBUTION,
    AssistancePerm.RUN_MONITORING,
)
grant(Role.LOGISTICS_OFFICER, AssistancePerm.VIEW_ASSISTANCE, AssistancePerm.RECORD_DISTRIBUTION)
grant(Role.ME_OFFICER, AssistancePerm.VIEW_ASSISTANCE, AssistancePerm.RUN_MONITORING)
grant(Role.PROTECTION_OFFICER, AssistancePerm.VIEW_ASSISTANCE)

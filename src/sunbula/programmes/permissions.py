"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant, grant_to_every_role


class ProgrammePerm(StrEnum):
    VIEW_PROJECT = "programmes.view_project"
    MANAGE_PROGRAMME = "programmes.manage_programme"
    MANAGE_PROJECT = "programmes.manage_project"
    RECORD_ACTUAL = "programmes.record_actual"
    APPROVE_PERIOD = "programmes.approve_period"
    UNLOCK_PERIOD = "programmes.unlock_period"
    VIEW_COORDINATION = "programmes.view_coordination"
    IMPORT_THREE_W = "programmes.import_three_w"


grant(Role.ADMINISTRATOR, *ProgrammePerm)
grant_to_every_role(ProgrammePerm.VIEW_PROJECT, ProgrammePerm.VIEW_COORDINATION)
grant(
    Role.PROGRAMME_OFFICER,
    ProgrammePerm.MANAGE_PROGRAMME,
    ProgrammePerm.MANAGE_PROJECT,
    ProgrammePerm.RECORD_ACTUAL,
    ProgrammePerm.IMPORT_THREE_W,
)
grant(
    Role.ME_OFFICER,
    ProgrammePerm.RECORD_ACTUAL,
    ProgrammePerm.APPROVE_PERIOD,
    ProgrammePerm.UNLOCK_PERIOD,
    ProgrammePerm.IMPORT_THREE_W,
)
grant(Role.COUNTRY_FOCAL_POINT, ProgrammePerm.IMPORT_THREE_W)

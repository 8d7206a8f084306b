"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant, grant_to_every_role


class LearningPerm(StrEnum):
    VIEW_EVENT = "learning.view_event"
    MANAGE_EVENT = "learning.manage_event"
    MANAGE_REGISTRATION = "learning.manage_registration"
    RECORD_ATTENDANCE = "learning.record_attendance"
    NOMINATE_DELEGATE = "learning.nominate_delegate"
    VIEW_COURSE = "learning.view_course"
    MANAGE_COURSE = "learning.manage_course"


grant(Role.ADMINISTRATOR, *LearningPerm)
grant_to_every_role(LearningPerm.VIEW_EVENT, LearningPerm.VIEW_COURSE)
grant(
    Role.EVENT_ORGANISER,
    LearningPerm.MANAGE_EVENT,
    LearningPerm.MANAGE_REGISTRATION,
    LearningPerm.RECORD_ATTENDANCE,
    LearningPerm.MANAGE_COURSE,
)
grant(
    Role.PROGRAMME_OFFICER,
    LearningPerm.MANAGE_EVENT,
    LearningPerm.MANAGE_REGISTRATION,
    LearningPerm.RECORD_ATTENDANCE,
    LearningPerm.MANAGE_COURSE,
)
grant(Role.COUNTRY_FOCAL_POINT, LearningPerm.NOMINATE_DELEGATE)

"""What each role may do with the food-security situation (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class MonitoringPerm(StrEnum):
    VIEW_SITUATION = "monitoring.view_situation"
    IMPORT_SITUATION = "monitoring.import_situation"
    RECORD_PRICES = "monitoring.record_prices"


grant(Role.ADMINISTRATOR, *MonitoringPerm)
grant(Role.ME_OFFICER, *MonitoringPerm)
for _role in (
    Role.PROGRAMME_OFFICER,
    Role.POLICY_ANALYST,
    Role.DONOR_VIEWER,
    Role.COUNTRY_FOCAL_POINT,
    Role.LOGISTICS_OFFICER,
):
    grant(_role, MonitoringPerm.VIEW_SITUATION)
# Prices are read in the field by the programme's own staff as well.
grant(Role.PROGRAMME_OFFICER, MonitoringPerm.RECORD_PRICES)

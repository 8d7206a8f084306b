"""The `/api/v1/` router: each domain registers its endpoints here."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from sunbula.assistance import api as assistance_api
from sunbula.core import api as core_api
from sunbula.funding import api as funding_api
from sunbula.learning import api as learning_api
from sunbula.monitoring import api as monitoring_api
from sunbula.partners import api as partners_api
from sunbula.policy import api as policy_api
from sunbula.programmes import api as programmes_api
from sunbula.registry import api as registry_api
from sunbula.reports import api as reports_api
from sunbula.supply import api as supply_api

router = DefaultRouter()
core_api.register(router)
partners_api.register(router)
registry_api.register(router)
policy_api.register(router)
monitoring_api.register(router)
programmes_api.register(router)
funding_api.register(router)
learning_api.register(router)
supply_api.register(router)
assistance_api.register(router)
reports_api.register(router)

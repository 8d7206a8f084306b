"""The `/api/v1/` router: each domain registers its endpoints here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.routers import DefaultRouter

from sunbula.allocation import api as allocation_api
from sunbula.assistance import api as assistance_api
from sunbula.core import api as core_api
from sunbula.core import users_api
from sunbula.fieldforms import api as fieldforms_api
from sunbula.forecasting import api as forecasting_api
from sunbula.funding import api as funding_api
from sunbula.learning import api as learning_api
from sunbula.monitoring import api as monitoring_api
from sunbula.partners import api as partners_api
from sunbula.policy import api as policy_api
from sunbula.programmes import api as programmes_api
from sunbula.registry import api as registry_api
from sunbula.reports import api as reports_api
from sunbula.supply import api as supply_api

# What each lookup in an API path is, by its name: one converter per kind of key, as in the
# pages' URL configuration, so that a key that cannot be one is 404 before any view runs.
LOOKUP_CONVERTERS = {"pk": "int", "iso3": "iso3", "p_code": "pcode"}


class TypedRouter(DefaultRouter):
    """A router whose detail paths use path converters (`<int:pk>`, `<iso3:iso3>`), and one
    address per operation: no `.json` twins (`?format=` still chooses a renderer)."""

    include_format_suffixes = False

    def __init__(self) -> None:
        super().__init__(use_regex_path=False)

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        converter = getattr(viewset, "lookup_value_converter", None) or LOOKUP_CONVERTERS.get(
            lookup_url_kwarg
        )
        if converter is None:
            raise ImproperlyConfigured(
                f"{viewset.__name__}: no path converter for the lookup {lookup_url_kwarg!r}"
            )
        return f"<{converter}:{lookup_prefix}{lookup_url_kwarg}>"


router = TypedRouter()
core_api.register(router)
users_api.register(router)
partners_api.register(router)
registry_api.register(router)
policy_api.register(router)
monitoring_api.register(router)
programmes_api.register(router)
funding_api.register(router)
learning_api.register(router)
supply_api.register(router)
assistance_api.register(router)
allocation_api.register(router)
reports_api.register(router)
forecasting_api.register(router)
fieldforms_api.register(router)

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "sunbula.policy"
    label = "policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        from sunbula.core.imports import register
        from sunbula.policy import permissions, plugins  # noqa: F401  (grants, navigation, demo)
        from sunbula.policy.imports import SDG_VALUES
        from sunbula.policy.services import indicator_values_import

        register(SDG_VALUES, service=indicator_values_import)

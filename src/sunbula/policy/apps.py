from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig
from sunbula.core.imports import Registered


class PolicyConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.policy"
    label = "policy"
    verbose_name = _("Policy")

    def importers(self) -> list[Registered]:
        from sunbula.policy.imports import SDG_VALUES
        from sunbula.policy.services import indicator_values_import

        return [Registered(SDG_VALUES, indicator_values_import)]

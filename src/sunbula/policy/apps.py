from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "sunbula.policy"
    label = "policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        from sunbula.policy import permissions, plugins  # noqa: F401  (grants, navigation, demo)

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.apps import DomainConfig


class PolicyConfig(DomainConfig):
    default = True  # the config Django uses for this app (apps.py also names DomainConfig)
    name = "sunbula.policy"
    label = "policy"
    verbose_name = _("Policy")

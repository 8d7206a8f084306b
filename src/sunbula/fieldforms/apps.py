from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldFormsConfig(AppConfig):
    name = "sunbula.fieldforms"
    label = "fieldforms"
    verbose_name = _("Field forms")

    def ready(self) -> None:
        from sunbula.fieldforms import permissions, plugins  # noqa: F401  (grants, navigation)

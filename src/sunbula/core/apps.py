from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the config Django uses for this app (DomainConfig is for the domains)
    name = "sunbula.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django import forms
        from django.core import checks

        from sunbula.core import choices, openapi, plugins  # noqa: F401  (schema extensions; navigation)
        from sunbula.core.deployment import shared_cache_check
        from sunbula.core.forms import ChoicesReadAtOnce
        from sunbula.core.validation import install

        install()  # the rules on values, on every field of every app (core.validation)
        choices.install()  # a choice's label translated alone (core.choices)
        forms.ModelChoiceField.iterator = ChoicesReadAtOnce  # type: ignore[misc]  # one plain query
        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)


class DomainConfig(AppConfig):
    """A domain. When Django is ready, its `permissions` module grants the roles what they may
    do, and its `plugins` module plugs it into what the domains share: navigation, home
    panels, demo loader, importers. Each domain's config says `default = True`: its apps.py
    names this class too, and Django takes the one so marked."""

    def ready(self) -> None:
        import_module(f"{self.name}.permissions")
        import_module(f"{self.name}.plugins")

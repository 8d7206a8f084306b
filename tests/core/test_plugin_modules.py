"""Every app plugs into the shared layout from one module, `<app>/plugins.py`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.apps import apps

import sunbula
from sunbula.core.apps import DomainConfig

SOURCE = Path(sunbula.__file__).parent
REGISTERS = re.compile(r"^register_(nav|tiles|panels|demo_loader|importer)\(", re.MULTILINE)


def test_navigation_tiles_panels_and_demo_loaders_are_registered_only_in_plugins_modules() -> None:
    registering = {
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if REGISTERS.search(path.read_text(encoding="utf-8"))
    }
    assert registering
    assert {path for path in registering if not path.endswith("/plugins.py")} == set()


def test_each_app_that_registers_imports_its_plugins_when_ready() -> None:
    """A domain's config is a `DomainConfig`, which reads its `plugins` module when ready."""
    for plugins in SOURCE.glob("*/plugins.py"):
        app = plugins.parent.name
        config = apps.get_app_config(app)
        if app == "core":
            ready = (plugins.parent / "apps.py").read_text(encoding="utf-8")
            assert re.search(r"from sunbula\.core import [^\n]*\bplugins\b", ready)
            continue
        assert isinstance(config, DomainConfig), app
        assert f"sunbula.{app}.plugins" in sys.modules, app

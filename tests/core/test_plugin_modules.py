"""Every app plugs into the shared layout from one module, `<app>/plugins.py`."""

from __future__ import annotations

import re
from pathlib import Path

import sunbula

SOURCE = Path(sunbula.__file__).parent
REGISTERS = re.compile(r"^register_(nav|tiles|panels|demo_loader)\(", re.MULTILINE)


def test_navigation_tiles_panels_and_demo_loaders_are_registered_only_in_plugins_modules() -> None:
    registering = {
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if REGISTERS.search(path.read_text(encoding="utf-8"))
    }
    assert registering
    assert {path for path in registering if not path.endswith("/plugins.py")} == set()


def test_each_app_that_registers_imports_its_plugins_when_ready() -> None:
    for plugins in SOURCE.glob("*/plugins.py"):
        app = plugins.parent.name
        ready = (plugins.parent / "apps.py").read_text(encoding="utf-8")
        assert re.search(rf"from sunbula\.{app} import [^\n]*\bplugins\b", ready), app

"""Every service names what it takes: keyword arguments with a type, never `**values: Any`.

A service may take a record's fields as `**fields: Unpack[SomeFields]` (a TypedDict), so each
field still has its own type; anything else unpacked into a service is refused here.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps


def _services() -> Iterator[tuple[str, Callable[..., Any]]]:
    for config in apps.get_app_configs():
        if not config.name.startswith("sunbula."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__.startswith(module.__name__) and not name.startswith("_"):
                yield f"{module.__name__}.{name}", function


SERVICES = dict(_services())


def test_the_services_of_every_domain_are_found() -> None:
    packages = {name.rsplit(".", 1)[0] for name in SERVICES}
    assert {"sunbula.core.services", "sunbula.programmes.services"} <= packages
    assert "sunbula.programmes.services.project_update" in SERVICES
    assert len(SERVICES) > 100


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_service_takes_typed_keyword_arguments(name: str) -> None:
    for parameter in inspect.signature(SERVICES[name]).parameters.values():
        assert parameter.kind in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD), (
            f"{name}: {parameter.name} is not keyword-only"
        )
        assert parameter.annotation is not parameter.empty, f"{name}: {parameter.name} untyped"
        if parameter.kind is parameter.VAR_KEYWORD:
            assert str(parameter.annotation).startswith("Unpack["), (
                f"{name} takes **{parameter.name}: {parameter.annotation}"
            )

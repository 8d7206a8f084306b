"""Every public service can be reached by a person or a machine: from a page, an API endpoint,
a task, a management command or an importer (directly, or through another reachable service),
not only from the demo loader or from nothing.

The source is read, not run: a module is reachable when the product enters it (URL
configuration, API router, app start-up, management commands, tasks) or a reachable module
imports it, demo modules excepted; a service is reachable when a reachable module names it,
or a reachable service (or a private helper of one) calls it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "sunbula"

# Services no page, endpoint, task or command needs to call, each with the reason (none yet:
# every service serves a person or a machine).
ALLOWED: dict[str, str] = {}


def _apps_with_services() -> list[str]:
    return sorted(
        path.name
        for path in PACKAGE.iterdir()
        if (path / "services.py").exists() or (path / "services" / "__init__.py").exists()
    )


def public_services() -> set[str]:
    """`<app>.<function>` for every public function of every `<app>.services`."""
    names: set[str] = set()
    for app in _apps_with_services():
        module = importlib.import_module(f"sunbula.{app}.services")
        names.update(
            f"{app}.{name}"
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__.startswith(module.__name__) and not name.startswith("_")
        )
    return names


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_demo(module: str) -> bool:
    return "demo" in module.split(".")


def _is_services(module: str) -> bool:
    """`<app>.services` (a module or a package), or a `<app>.services_<part>` module whose
    services `<app>.services` re-exports."""
    parts = module.split(".")
    return len(parts) >= 3 and (parts[2] == "services" or parts[2].startswith("services_"))


def _is_root(module: str) -> bool:
    parts = module.split(".")
    return (
        module in ("sunbula.cli", "sunbula.__main__")
        or module.startswith("sunbula.config.")
        or parts[-1] in ("apps", "permissions", "plugins", "tasks")  # plug-ins: core.apps
        or ".management.commands." in module
    )


@dataclass
class Module:
    name: str
    tree: ast.Module
    is_package: bool
    # What each local name stands for: a module, or (module, name) imported from one.
    aliases: dict[str, str] = field(default_factory=dict)
    imported: set[str] = field(default_factory=set)


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _load_modules() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = _module_name(path)
        modules[name] = Module(
            name, ast.parse(path.read_text(encoding="utf-8")), path.name == "__init__.py"
        )
    for module in modules.values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("sunbula"):
                        module.imported.add(alias.name)
                        module.aliases[alias.asname or alias.name] = alias.name
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "include"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                # The URL configuration names the pages' modules as text.
                module.imported.add(node.args[0].value)
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(module, node)
                if not source.startswith("sunbula"):
                    continue
                module.imported.add(source)
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    if target in modules or (SRC / Path(*target.split("."))).is_dir():
                        module.imported.add(target)
                    module.aliases[alias.asname or alias.name] = target
    return modules


def _reachable_modules(modules: dict[str, Module]) -> set[str]:
    seen = {name for name in modules if _is_root(name) and not _is_demo(name)}
    queue = list(seen)
    while queue:
        for target in modules[queue.pop()].imported:
            parts = target.split(".")
            # A module imported, and each package on its way.
            for end in range(2, len(parts) + 1):
                name = ".".join(parts[:end])
                if name in modules and name not in seen and not _is_demo(name):
                    seen.add(name)
                    queue.append(name)
    return seen


class Functions:
    """Top-level functions of the service modules, with the names each one calls."""

    def __init__(self, modules: dict[str, Module]) -> None:
        self.modules = modules
        self.defined: dict[str, dict[str, ast.FunctionDef]] = {}
        for name, module in modules.items():
            if _is_services(name):
                self.defined[name] = {
                    node.name: node
                    for node in module.tree.body
                    if isinstance(node, ast.FunctionDef)
                }

    def resolve(self, target: str) -> str | None:
        """`module.function` for a dotted name that may go through a package re-export."""
        source, _dot, function = target.rpartition(".")
        if function in self.defined.get(source, {}):
            return target
        if _is_services(source):
            app_services = ".".join(source.split(".")[:3])
            for name, functions in self.defined.items():
                if name.startswith(app_services) and function in functions:
                    return f"{name}.{function}"
        return None

    def references(self, module: Module, node: ast.AST) -> Iterator[str]:
        """The service functions `node` names, through the module's imports or its own."""
        own = self.defined.get(module.name, {})
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                if child.id in own:
                    yield f"{module.name}.{child.id}"
                elif child.id in module.aliases:
                    found = self.resolve(module.aliases[child.id])
                    if found:
                        yield found
            elif isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name):
                base = module.aliases.get(child.value.id)
                if base is not None:
                    found = self.resolve(f"{base}.{child.attr}")
                    if found:
                        yield found


def reachable_services() -> set[str]:
    modules = _load_modules()
    functions = Functions(modules)
    reached: set[str] = set()
    for name in _reachable_modules(modules):
        if not _is_services(name):
            reached.update(functions.references(modules[name], modules[name].tree))
    queue = list(reached)
    while queue:
        target = queue.pop()
        source, _dot, function = target.rpartition(".")
        body = functions.defined[source][function]
        for found in functions.references(modules[source], body):
            if found not in reached:
                reached.add(found)
                queue.append(found)
    return {
        f"{target.split('.')[1]}.{target.rpartition('.')[2]}"
        for target in reached
        if not target.rpartition(".")[2].startswith("_")
    }


@pytest.fixture(scope="module")
def reachable() -> set[str]:
    return reachable_services()


def test_every_service_is_reachable(reachable: set[str]) -> None:
    unreached = public_services() - reachable - set(ALLOWED)
    assert not unreached, (
        f"reachable only from the demo loader or from nothing: {sorted(unreached)}"
    )


def test_the_allow_list_names_existing_services() -> None:
    services = public_services()
    assert set(ALLOWED) <= services, sorted(set(ALLOWED) - services)
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_walk_finds_what_a_page_calls(reachable: set[str]) -> None:
    """The analysis itself: services that pages call are found, through views and through
    other services (commitment_record from a view; user_password_set from a form)."""
    assert {"funding.commitment_record", "core.user_password_set", "core.role_revoke"} <= reachable

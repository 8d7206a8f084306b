"""Each benchmark names only what Sunbula has: its imports of Sunbula's modules sit inside the
functions that run after Django is set up, so a name renamed in `src/` would break `make
bench` long after the change. Read from the benchmarks' source, without running them."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _imports(path: Path) -> list[tuple[str, str]]:
    """Every `from sunbula… import name` (or `from bench… import name`) in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.split(".")[0] in {"sunbula", "bench"}
        for alias in node.names
    ]


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda path: path.stem)
def test_every_name_a_benchmark_imports_exists(path: Path) -> None:
    missing = []
    for module_name, name in _imports(path):
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            try:
                importlib.import_module(f"{module_name}.{name}")
            except ModuleNotFoundError:
                missing.append(f"{module_name}.{name}")
    assert not missing, f"{path.name} imports what does not exist: {missing}"

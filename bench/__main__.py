"""`make bench`: run every benchmark in bench/ and write BENCHMARKS.md.

A benchmark is a module here with a `run() -> str` that measures against a baseline in the
same process or run and returns its section of BENCHMARKS.md in markdown.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """# Benchmarks

Written by `make bench` on the machine that ran it. Figures are ratios against a baseline
measured in the same process or run, so they compare across machines.
"""


def _has_run(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body)


def _sections(text: str) -> dict[str, str]:
    """BENCHMARKS.md's sections by heading."""
    parts = text.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: "## " + part.strip() for part in parts}


def main() -> None:
    """Each benchmark runs in a process of its own, on a database of its own.

    `python -m bench load core_pages` runs only those and replaces their sections."""
    chosen = set(sys.argv[1:])
    target = ROOT / "BENCHMARKS.md"
    kept = _sections(target.read_text(encoding="utf-8")) if chosen and target.exists() else {}
    sections = [HEADER]
    package = Path(__file__).resolve().parent
    for module_info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if not _has_run(package / f"{module_info.name}.py"):
            continue
        if chosen and module_info.name not in chosen:
            continue
        sys.stdout.write(f"running bench.{module_info.name}\n")
        sys.stdout.flush()
        environment = {**os.environ, "SUNBULA_VAR_DIR": tempfile.mkdtemp(prefix="sunbula-bench-")}
        result = subprocess.run(  # noqa: S603 — our own modules
            [sys.executable, "-c", f"from bench.{module_info.name} import run; print(run())"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        # Libraries may draw progress bars on stdout; the section starts at its heading.
        output = result.stdout
        section = output[output.index("## ") :].strip() if "## " in output else output
        heading = section.split("\n", 1)[0].removeprefix("## ")
        if heading in kept:
            kept[heading] = section
        else:
            sections.append(section)
    sections[1:1] = kept.values()
    target.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    sys.stdout.write("wrote BENCHMARKS.md\n")


if __name__ == "__main__":
    main()

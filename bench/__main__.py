"""`make bench`: run every benchmark in bench/ and write BENCHMARKS.md.

A benchmark is a module here with a `run() -> str` that measures against a baseline in the
same process or run and returns its section of BENCHMARKS.md in markdown.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """# Benchmarks

Written by `make bench` on the machine that ran it. Figures are ratios against a baseline
measured in the same process or run, so they compare across machines.
"""


def main() -> None:
    sections = [HEADER]
    package = Path(__file__).resolve().parent
    for module_info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        module = importlib.import_module(f"bench.{module_info.name}")
        run = getattr(module, "run", None)
        if callable(run):
            sys.stdout.write(f"running bench.{module_info.name}\n")
            sections.append(run())
    (ROOT / "BENCHMARKS.md").write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    sys.stdout.write("wrote BENCHMARKS.md\n")


if __name__ == "__main__":
    main()

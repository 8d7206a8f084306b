"""The demo's core records and programmes, loaded through the services as `sunbula demo` does."""

from __future__ import annotations

import pytest

from sunbula.core.demo import load_core_demo
from sunbula.programmes.demo import load_programmes_demo


@pytest.fixture
def demo(db: None) -> None:
    load_core_demo(lambda _line: None)
    load_programmes_demo(lambda _line: None)

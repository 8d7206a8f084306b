"""The demo's core records, programmes, partners and funding, loaded as `sunbula demo` does."""

from __future__ import annotations

import pytest

from sunbula.core.demo import load_core_demo, load_personas
from sunbula.funding.demo import load_funding_demo
from sunbula.partners.demo import load_partners_demo
from sunbula.programmes.demo import load_programmes_demo


@pytest.fixture
def demo(db: None) -> None:
    quiet = lambda _line: None  # noqa: E731
    load_core_demo(quiet)
    load_personas()
    load_partners_demo(quiet)
    load_programmes_demo(quiet)
    load_funding_demo(quiet)

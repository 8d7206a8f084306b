"""Django set up for benchmarks: a throw-away SQLite database unless DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunbula.config.settings")
    os.environ.setdefault("SUNBULA_VAR_DIR", tempfile.mkdtemp(prefix="sunbula-bench-"))
    # A benchmark measures speed, not the API's request limits: one user calls it many times.
    os.environ.setdefault("SUNBULA_API_RATE_USER", "1000000/second")
    os.environ.setdefault("SUNBULA_API_RATE_ANON", "1000000/second")
    import django

    django.setup()

"""The limits on callers (the API's throttles, the farmer pages' PIN attempts) are counted in
a cache that every worker process shares when SUNBULA_CACHE_URL names a Redis server, so
that several workers do not multiply them; `sunbula serve` finds a shared cache or serves
with one worker."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sunbula.config.env import ConfigurationError, cache_from_url
from sunbula.core.deployment import LOCAL_REDIS_URL, installation_key_prefix, redis_answers

# A database of its own on the machine's Redis; every count below has a random key.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"

needs_redis = pytest.mark.skipif(
    not os.environ.get("SUNBULA_REQUIRE_REDIS") and not redis_answers(TEST_REDIS_URL),
    reason="no Redis server at 127.0.0.1:6379 (CI sets SUNBULA_REQUIRE_REDIS, so it must)",
)


def test_the_cache_url_names_redis_and_without_it_each_process_has_its_own() -> None:
    shared = cache_from_url("redis://10.0.0.5:6379/1")
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://10.0.0.5:6379/1"
    assert shared["KEY_PREFIX"] == "sunbula"
    assert cache_from_url("redis://10.0.0.5/1", key_prefix="kabul")["KEY_PREFIX"] == "kabul"
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(ConfigurationError, match="redis://"):
        cache_from_url("memcached://10.0.0.5:11211")


# One worker process: how many of `calls` requests from `address` the API's throttle lets
# through, and whether the PIN attempts of `phone` are blocked after `failures` more.
WORKER = """
import json, os, sys
import django
django.setup()
from django.test import RequestFactory
from rest_framework.request import Request
from sunbula.core.api_tokens import AddressRateThrottle
from sunbula.learning import attempts

address, phone, calls, failures = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
allowed = []
for _call in range(calls):
    request = Request(RequestFactory().get("/api/v1/", REMOTE_ADDR=address))
    allowed.append(AddressRateThrottle().allow_request(request, None))
for _failure in range(failures):
    attempts.failed(phone, "192.0.2.1")
print(json.dumps({"allowed": allowed, "blocked": attempts.blocked(phone, "192.0.2.1")}))
"""


def _worker(tmp_path: Path, address: str, phone: str, calls: int, failures: int) -> Any:
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("SUNBULA_")},
        "DJANGO_SETTINGS_MODULE": "sunbula.config.settings",
        "SUNBULA_VAR_DIR": str(tmp_path),
        "SUNBULA_CACHE_URL": TEST_REDIS_URL,
        "SUNBULA_API_RATE_ANON": "3/hour",
    }
    result = subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", WORKER, address, phone, str(calls), str(failures)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_redis
def test_two_worker_processes_share_the_throttle_and_the_pin_counts(tmp_path: Path) -> None:
    address = f"2001:db8::{secrets.randbelow(0xFFFF):x}:{secrets.randbelow(0xFFFF):x}"
    phone = secrets.token_hex(16)
    first = _worker(tmp_path, address, phone, calls=2, failures=3)
    assert first == {"allowed": [True, True], "blocked": False}
    # Another process: its first request is the third of the hour, its second one too many;
    # two more failed PINs reach the five a phone may have.
    second = _worker(tmp_path, address, phone, calls=2, failures=2)
    assert second == {"allowed": [True, False], "blocked": True}


SERVE = "sunbula.core.management.commands.serve"


def _serve(settings: Any, monkeypatch: pytest.MonkeyPatch, workers: int) -> list[str]:
    """`sunbula serve --workers N` up to starting gunicorn: the command it would run."""
    started: list[str] = []

    def gunicorn(_executable: str, command: list[str]) -> None:
        started.extend(command)

    settings.SECRET_KEY = "k3y-of-this-server-" + "x" * 40
    monkeypatch.setattr(os, "execv", gunicorn)
    monkeypatch.setattr(f"{SERVE}.call_command", lambda *_args, **_options: None)
    call_command("serve", "--workers", str(workers))
    return started


def _without_a_cache_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # Set first, so that what serve sets is undone after the test.
    for name in ("SUNBULA_CACHE_URL", "SUNBULA_CACHE_KEY_PREFIX"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def test_serve_shares_a_local_redis_among_its_workers(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_a_cache_url(monkeypatch)
    monkeypatch.setattr(f"{SERVE}.redis_answers", lambda url: url == LOCAL_REDIS_URL)
    started = _serve(settings, monkeypatch, 2)
    assert started[started.index("--workers") + 1] == "2"
    assert os.environ["SUNBULA_CACHE_URL"] == LOCAL_REDIS_URL
    # Another demo on the machine has another database and var/: its counts are its own.
    assert os.environ["SUNBULA_CACHE_KEY_PREFIX"] == installation_key_prefix()
    settings.VAR_DIR = settings.VAR_DIR / "another"
    assert installation_key_prefix() != os.environ["SUNBULA_CACHE_KEY_PREFIX"]


def test_serve_without_a_shared_cache_serves_with_one_worker(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_a_cache_url(monkeypatch)
    monkeypatch.setattr(f"{SERVE}.redis_answers", lambda _url: False)
    started = _serve(settings, monkeypatch, 2)
    assert started[started.index("--workers") + 1] == "1"
    assert "SUNBULA_CACHE_URL" not in os.environ


def test_serve_keeps_the_cache_it_is_given(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CACHES = {"default": cache_from_url("redis://10.0.0.5:6379/1")}
    started = _serve(settings, monkeypatch, 3)
    assert started[started.index("--workers") + 1] == "3"

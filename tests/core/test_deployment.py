"""A production server: its own secret key, HTTPS settings from the environment, and a
deployment check with nothing to warn about."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sunbula import cli
from sunbula.cli import _own_secret
from sunbula.config.env import proxy_ssl_header
from sunbula.core.deployment import (
    DEVELOPMENT_SECRET_KEY,
    refuse_development_secret,
    secret_key_from_file,
    static_files_current,
)
from sunbula.core.models import User
from tests.conftest import PASSWORD

PRODUCTION_KEY = "k3y-for-the-production-check-" + "x7Qp2Lm9Zr4Tb8Wc1Yd6Hf3Jg5Nv0Ks"


def _python(code: str, tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SUNBULA_")
        # the browser tests allow sync database calls in their own process, never in a deployment
        and key not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**inherited, "SUNBULA_VAR_DIR": str(tmp_path), **environment},
        check=False,
        timeout=120,
    )


SETTINGS_ONLY = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="settings only: checked once, on SQLite"
)


@SETTINGS_ONLY
def test_the_wsgi_application_refuses_the_development_key_with_debug_off(tmp_path: Path) -> None:
    refused = _python("import sunbula.config.wsgi", tmp_path)
    assert refused.returncode != 0
    assert "Set SUNBULA_SECRET_KEY" in refused.stderr


def test_a_key_of_its_own_or_debug_mode_lets_the_server_start(settings: Any) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = PRODUCTION_KEY
    refuse_development_secret()
    settings.DEBUG = True
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY
    refuse_development_secret()


def test_serve_refuses_the_development_key_before_starting_gunicorn(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY

    def never(*arguments: object) -> None:
        raise AssertionError("gunicorn must not start")

    monkeypatch.setattr(os, "execv", never)
    with pytest.raises(CommandError, match="SUNBULA_SECRET_KEY"):
        call_command("serve")


def test_the_demo_makes_a_key_of_its_own_that_the_settings_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUNBULA_SECRET_KEY", raising=False)
    monkeypatch.setenv("SUNBULA_VAR_DIR", str(tmp_path))
    assert secret_key_from_file(tmp_path / "secret.key") == DEVELOPMENT_SECRET_KEY
    _own_secret()
    key = secret_key_from_file(tmp_path / "secret.key")
    assert key != DEVELOPMENT_SECRET_KEY
    assert len(key) >= 50
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
    _own_secret()  # a second demo keeps the key: sessions and hashes stay valid
    assert secret_key_from_file(tmp_path / "secret.key") == key


@pytest.mark.parametrize(("command", "keyed"), [("demo", True), ("setup", True), ("serve", False)])
def test_a_demo_and_a_set_up_installation_get_their_own_key(
    monkeypatch: pytest.MonkeyPatch, command: str, keyed: bool
) -> None:
    """`sunbula setup` then `sunbula serve` starts: the set-up wrote the key serve reads."""
    made: list[bool] = []
    monkeypatch.setattr(cli, "_own_secret", lambda: made.append(True))
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda argv: None)
    cli.main([command])
    assert made == ([True] if keyed else [])


def test_the_proxy_header_is_named_as_the_proxy_sends_it() -> None:
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("") is None


WARNING = re.compile(r"^\S*: \((?P<id>[a-z_]+\.[EW]\d+)\)", re.MULTILINE)


PRODUCTION = {
    "SUNBULA_SECRET_KEY": PRODUCTION_KEY,
    "SUNBULA_HTTPS": "true",
    "SUNBULA_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "SUNBULA_ALLOWED_HOSTS": "sunbula.example.org",
    "SUNBULA_CSRF_TRUSTED_ORIGINS": "https://sunbula.example.org",
    "SUNBULA_CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _deployment_check(tmp_path: Path, **environment: str) -> set[str]:
    result = _python(
        "from sunbula.cli import main; main(['check', '--deploy'])", tmp_path, **environment
    )
    assert result.returncode == 0, result.stderr
    return {match["id"] for match in WARNING.finditer(result.stderr + result.stdout)}


@SETTINGS_ONLY
def test_the_deployment_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    assert _deployment_check(tmp_path, **PRODUCTION) == set()


@SETTINGS_ONLY
def test_the_deployment_check_asks_for_a_cache_the_workers_share(tmp_path: Path) -> None:
    environment = {**PRODUCTION, "SUNBULA_CACHE_URL": ""}
    assert _deployment_check(tmp_path, **environment) == {"sunbula.W001"}


SECURITY_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_PROXY_SSL_HEADER]))"
)


@SETTINGS_ONLY
def test_https_hsts_secure_cookies_and_the_proxy_header_come_from_the_environment(
    tmp_path: Path,
) -> None:
    module = {"DJANGO_SETTINGS_MODULE": "sunbula.config.settings"}
    production = _python(SECURITY_SETTINGS, tmp_path, **module, **PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout) == [
        31_536_000,
        True,
        True,
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]
    laptop = _python(SECURITY_SETTINGS, tmp_path, **module)
    assert laptop.returncode == 0, laptop.stderr
    assert json.loads(laptop.stdout) == [0, True, False, False, False, None]


@pytest.mark.django_db
def test_behind_the_proxy_only_https_is_served_with_hsts_and_secure_cookies(
    settings: Any, officer_afg: User
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = proxy_ssl_header("X-Forwarded-Proto")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()  # made after the settings: the security middleware reads them once

    plain = client.get("/en/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/accounts/login/"
    assert "Strict-Transport-Security" not in plain
    assert client.get("/healthz").status_code == 200  # load balancers ask over plain HTTP

    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get("/en/accounts/login/", **https)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert page.cookies["csrftoken"]["secure"]
    signed_in = client.post(
        "/en/accounts/login/", {"username": officer_afg.email, "password": PASSWORD}, **https
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"]
    assert signed_in.cookies["sessionid"]["httponly"]


def test_serve_collects_the_static_files_again_only_when_a_source_changed(
    settings: Any, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert not static_files_current()  # nothing collected yet
    call_command("collectstatic", interactive=False, verbosity=0)
    assert static_files_current()
    source = Path(__file__).resolve().parents[2] / "src/sunbula/core/static/core/sunbula.css"
    before = source.stat()
    later = (tmp_path / "staticfiles.json").stat().st_mtime + 60
    os.utime(source, (later, later))
    try:
        assert not static_files_current()
    finally:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert static_files_current()

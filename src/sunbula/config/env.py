"""Typed helpers that read settings from the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigurationError(Exception):
    pass


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Django's SECURE_PROXY_SSL_HEADER for a header name such as `X-Forwarded-Proto`."""
    if not name:
        return None
    return ("HTTP_" + name.strip().upper().replace("-", "_"), "https")


def env_str(name: str, default: str = "") -> str:
    """A value from `NAME`, or from the file named by `NAME_FILE` (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name, "")
    if raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for a `postgres://user:password@host:port/name` URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ConfigurationError(f"DATABASE_URL must start with postgres://, not {parts.scheme}://")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "sunbula",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


CACHE_SCHEMES = ("redis", "rediss", "unix")


def cache_from_url(url: str, *, key_prefix: str = "sunbula") -> dict[str, Any]:
    """Django's CACHES entry for `SUNBULA_CACHE_URL`: Redis (`redis://host:port/db`,
    `rediss://` for TLS, `unix:///path?db=N`), shared by every worker process and machine,
    its keys prefixed with `key_prefix` (installations sharing one Redis each have their own);
    without a URL, a cache local to each process (tests and a one-process server)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = urlsplit(url).scheme
    if scheme not in CACHE_SCHEMES:
        raise ConfigurationError(f"SUNBULA_CACHE_URL must start with redis://, not {scheme}://")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
    }


def sqlite_database(path: Path, *, busy_seconds: int = 5) -> dict[str, Any]:
    """The embedded default: SQLite in WAL mode. Writers queue for each other, but at most
    `busy_seconds`: then the request fails (503) and the server keeps answering others. A
    worker keeps its connection between requests, as on PostgreSQL: a new one reads the whole
    schema before its first query, about 5 ms."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": busy_seconds,
        },
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }

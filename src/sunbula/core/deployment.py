"""What a server needs before it may start: a secret key of its own unless in debug mode,
a cache its worker processes share, and its static files collected.

Without `SUNBULA_SECRET_KEY`, settings fall back to `var/secret.key` (which `sunbula demo`
writes with a random key) and then to a development key that is public in this source; a
server with debug off refuses to start on that one.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-SUNBULA_SECRET_KEY"  # noqa: S105 — public by design
# Where `sunbula serve` looks for Redis when SUNBULA_CACHE_URL is not set.
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/1"
# Cache backends that keep their entries inside one process.
PROCESS_LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


def var_dir() -> Path:
    """Where data lives: var/ of the source checkout (whatever the working directory), or of
    the working directory for an installed package, unless SUNBULA_VAR_DIR says otherwise."""
    checkout = PACKAGE_DIR.parent.parent
    default = checkout / "var" if (checkout / "pyproject.toml").exists() else Path.cwd() / "var"
    return Path(os.environ.get("SUNBULA_VAR_DIR") or default).resolve()


def secret_key_from_file(path: Path) -> str:
    """The key `sunbula demo` wrote, or the development key when there is none."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or DEVELOPMENT_SECRET_KEY
    return DEVELOPMENT_SECRET_KEY


def ensure_demo_secret(path: Path) -> bool:
    """Give a demo without a configured key a random key of its own; True if one was made."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    return True


def refuse_development_secret() -> None:
    """Stop a production server (debug off) that would sign sessions with the public key."""
    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "Set SUNBULA_SECRET_KEY or SUNBULA_SECRET_KEY_FILE: a server with debug off does "
            "not start with the development secret key."
        )


def cache_is_shared() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES


def installation_key_prefix() -> str:
    """A cache key prefix of this installation's own, from where its data lives (the
    database and var/), for a Redis that other installations on the machine may share."""
    where = f"{settings.DATABASES['default']['NAME']}\x00{settings.VAR_DIR}"
    return f"sunbula.{hashlib.sha256(where.encode()).hexdigest()[:12]}"


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers at `url` within a second."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def shared_cache_check(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """In production the limits on callers (API throttles, PIN attempts) are counted in a
    cache every worker process shares; a cache of each process's own multiplies them.
    Registered as a deployment check (`sunbula check --deploy`) by the core app."""
    if cache_is_shared():
        return []
    return [
        CheckWarning(
            "The cache is local to each process, so every worker counts the API's "
            "throttles and the PIN attempts on its own and the limits multiply.",
            hint="Set SUNBULA_CACHE_URL, e.g. redis://127.0.0.1:6379/1.",
            id="sunbula.W001",
        )
    ]


def static_files_current() -> bool:
    """Whether the static files were collected after every source file last changed, so
    that `serve` starts without collecting them again (hashing and compressing them all
    takes half a minute). A file added or changed since, by an upgrade too, is newer."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return False
    return True

"""Failed PIN attempts on the public farmer pages, counted in the cache per phone and per
address: past the limit, further attempts are refused until the window has passed."""

from __future__ import annotations

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
PER_PHONE = 5  # failures for one phone number, from anywhere
PER_ADDRESS = 20  # failures from one address (phones share carriers' addresses)


def _keys(phone_digest: str, address: str) -> tuple[tuple[str, int], tuple[str, int]]:
    return (
        (f"learning.pin.phone.{phone_digest}", PER_PHONE),
        (f"learning.pin.address.{address}", PER_ADDRESS),
    )


def blocked(phone_digest: str, address: str) -> bool:
    return any(int(cache.get(key, 0)) >= limit for key, limit in _keys(phone_digest, address))


def failed(phone_digest: str, address: str) -> None:
    for key, _limit in _keys(phone_digest, address):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)

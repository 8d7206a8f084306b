"""Responses that carry personal data are stored by no browser and no proxy.

Whatever opens a person's protected fields calls `personal_data_read()`; the middleware then
marks the response `Cache-Control: private, no-store`. One rule, wherever the data is shown.
"""

from __future__ import annotations

import contextvars

_read: contextvars.ContextVar[bool] = contextvars.ContextVar("personal_data_read", default=False)

NO_STORE = "private, no-store"


def personal_data_read() -> None:
    """Note that the current request has opened personal data."""
    _read.set(True)


def reset() -> contextvars.Token[bool]:
    return _read.set(False)


def restore(token: contextvars.Token[bool]) -> None:
    _read.reset(token)


def was_read() -> bool:
    return _read.get()

"""Responses that carry personal data are stored by no browser and no proxy.

Whatever opens a person's protected fields calls `personal_data_read()`; the middleware then
marks the response `Cache-Control: private, no-store`. One rule, wherever the data is shown.
Pages whose personal data is not sealed in the registry (participants' names and e-mails,
survey answers, a field form's review queue) say so with the `@personal_data` decorator.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

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


def personal_data(view: Callable[P, R]) -> Callable[P, R]:
    """A view whose answer shows people's names, contacts or answers: never stored by a cache."""

    @functools.wraps(view)
    def marked(*args: P.args, **kwargs: P.kwargs) -> R:
        personal_data_read()
        return view(*args, **kwargs)

    return marked

"""What an audit walk gives back: each public service of a domain as a call ready to run, and the
users an entry may name as its actor (any user if none are given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sunbula.core.models import User

Walked = tuple[dict[str, Callable[[], Any]], tuple[User, ...]]

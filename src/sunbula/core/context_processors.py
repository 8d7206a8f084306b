from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from sunbula.core.plugins import navigation_for
from sunbula.core.selectors import unread_notification_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The domain navigation for the signed-in user, and the interface languages, each code
    with its name in its own language (the language switcher)."""
    user = getattr(request, "user", None)
    return {
        "navigation": navigation_for(user) if user is not None and user.is_authenticated else [],
        "interface_languages": _named_in_themselves(tuple(code for code, _ in settings.LANGUAGES)),
    }


@cache
def _named_in_themselves(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each language's code and its own name for itself: the same on every page."""
    return tuple((code, str(get_language_info(code)["name_local"])) for code in codes)


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The header's count of unread notices: read with the user (core.backends), or else in
    one query made once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    count: int | None = getattr(user, "unread_notifications", None)
    if count is None:
        count = unread_notification_count(user=user)
        user.unread_notifications = count
    return {"unread_notifications": count}

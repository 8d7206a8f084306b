from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sunbula.core.plugins import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The domain navigation for the signed-in user, and the interface languages."""
    user = getattr(request, "user", None)
    return {
        "navigation": navigation_for(user) if user is not None and user.is_authenticated else [],
        "interface_languages": settings.LANGUAGES,
    }

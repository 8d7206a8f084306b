"""REST endpoints of this domain, registered on the /api/v1/ router."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""

"""Domain errors carry a translated message; views and the API turn them into a 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request; `str(error)` is fit to show to the user."""

    status_code = 409


class RateMissing(DomainError):
    status_code = 422

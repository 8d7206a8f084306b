"""Domain errors carry a translated message; views and the API turn them into a 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request; `str(error)` is fit to show to the user."""

    status_code = 409
    # The input the refusal is about, when it is about one: a page shows it on that field,
    # the API keys its answer by it.
    field: str | None = None


class NotPermitted(DomainError):
    """The actor may read the record but not take this step on it: refused as read-only."""

    status_code = 403


class RateMissing(DomainError):
    status_code = 422

"""A domain refusal that is about one input (the quantity asked), named as that input as the
key of the API's answer (with the refusal's own status); a page puts it on its form's field
(core.views.form_errors_to)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework.exceptions import APIException

from sunbula.assistance.services import AssistanceError


class FieldRefused(APIException):
    """A domain refusal answered with the refusal's status as {field: [message]}, and as
    every refusal is, {"detail": message}."""

    def __init__(self, refused: AssistanceError) -> None:
        super().__init__({"detail": str(refused), str(refused.field): [str(refused)]})
        self.status_code = refused.status_code


@contextmanager
def keyed_by_field() -> Iterator[None]:
    """Within it, a domain refusal that names its input is answered keyed by that input."""
    try:
        yield
    except AssistanceError as refused:
        if refused.field is None:
            raise
        raise FieldRefused(refused) from refused

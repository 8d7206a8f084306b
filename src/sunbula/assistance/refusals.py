"""A domain refusal that is about one input (the quantity asked), named as that input: on the
form's field on a page, as the key of the API's answer (with the refusal's own status)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from rest_framework.exceptions import APIException

from sunbula.assistance.services import AssistanceError
from sunbula.core.errors import DomainError


def on_its_field(
    refused: ValidationError | DomainError, inputs: Mapping[str, str] | None = None
) -> ValidationError | DomainError:
    """The refusal as `form_errors_to` puts it on the field it is about, where it names one;
    `inputs` names the form's field for a service's argument where they differ (the desk asks
    for a beneficiary's reference, the service is given its entitlement)."""
    if isinstance(refused, AssistanceError) and refused.field is not None:
        field = (inputs or {}).get(refused.field, refused.field)
        return ValidationError({field: str(refused)})
    return refused


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

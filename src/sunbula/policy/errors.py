"""Refusals of the policy domain, with messages fit to show."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import ngettext

from sunbula.core.errors import DomainError


class WorkflowError(DomainError):
    """The profile is not in a state that allows this step, or the actor may not take it."""

    status_code = 409


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class ImportRejected(DomainError):
    """The file was refused as a whole; `errors` names every bad row."""

    status_code = 422

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            ngettext(
                "The file was not imported: %(count)d row is wrong.",
                "The file was not imported: %(count)d rows are wrong.",
                len(errors),
            )
            % {"count": len(errors)}
        )

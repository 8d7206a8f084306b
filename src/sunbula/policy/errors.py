"""Refusals of the policy domain, with messages fit to show."""

from __future__ import annotations

from sunbula.core.errors import DomainError
from sunbula.core.imports import ImportRefused


class WorkflowError(DomainError):
    """The profile is not in a state that allows this step, or the actor may not take it."""

    status_code = 409


ImportRejected = ImportRefused  # the file was refused as a whole; `errors` names every bad row

"""Refusals of the policy domain, with messages fit to show."""

from __future__ import annotations

from sunbula.core.errors import DomainError
from sunbula.core.imports import ImportRefused


class WorkflowError(DomainError):
    """The profile is not in a state that allows this step, or the actor may not take it."""

    status_code = 409


class RecordInUse(DomainError):
    """Another record still links to this one (a text amending or repealing a legal text):
    it stays until that link is corrected."""

    status_code = 409


ImportRejected = ImportRefused  # the file was refused as a whole; `errors` names every bad row

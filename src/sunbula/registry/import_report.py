"""An import's report as each reader sees it: a problem's reason is kept untranslated (its
message and parameters) and shown in the reader's language, its column by its heading.

A report is written once, by a worker that has no reader's language, and read in Arabic,
French, Russian or English: so it stores what the catalogues translate, not a translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_noop

from sunbula.core.imports import Problem
from sunbula.core.lists import joined
from sunbula.core.reasons import Reason, reason_text, untranslated
from sunbula.registry.models import Person

THIS_VALUE = Reason(gettext_noop("This value"))


def reason_of(error: ValidationError) -> Reason:
    """The reason of a model's refusal, with the refused value itself left out: a report
    names the line, the field and the reason, never a person's data (it is kept, and shown to
    importers without protection clearance). The rules checked here give one message each."""
    refusal = error.error_list[0]
    params = dict(refusal.params or {})
    if "value" in params:
        params["value"] = THIS_VALUE
    return Reason(untranslated(refusal.message), params)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem of the import pipeline whose reason is stored untranslated."""

    reason: Reason

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, **self.reason.as_dict()}


def row_problem(line: int, column: str, reason: Reason) -> RowProblem:
    return RowProblem(line, column, str(reason), reason)


def column_heading(column: str) -> str:
    """A column by the heading of the registry's field it fills, in the reader's language
    (several columns, comma-separated, each so); a column the registry does not know, as
    it is."""
    headings = []
    for name in column.split(", "):
        try:
            verbose_name = getattr(Person._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            verbose_name = None
        headings.append(str(capfirst(verbose_name)) if verbose_name else name)
    return joined(headings)


@dataclass(frozen=True)
class ShownProblem:
    line: int
    column: str
    heading: str
    reason: str


def shown_problems(stored: Iterable[Any]) -> list[ShownProblem]:
    """An import job's stored problems as the reader sees them."""
    shown = []
    for problem in stored:
        if not isinstance(problem, Mapping):
            continue
        column = str(problem.get("column") or "")
        shown.append(
            ShownProblem(
                line=int(problem.get("line") or 0),
                column=column,
                heading=column_heading(column) if column else "",
                reason=reason_text(problem),
            )
        )
    return shown

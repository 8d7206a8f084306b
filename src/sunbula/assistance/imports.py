"""Reading a distribution list (columns reference and quantity, CSV or XLSX) into checked rows.

Nothing here writes: the parser, plugged into the import pipeline, names every bad line,
and `distribution_list_upload` records the rows in one transaction when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.imports import Importer, Table


@dataclass(frozen=True)
class BatchRow:
    """One line of a paper list: the beneficiary's reference and the quantity handed over."""

    reference: str
    quantity: Decimal
    line: int = 0  # the line of the file it came from; its place in the list if not given


@dataclass(frozen=True)
class ListFile:
    """What a list is read against: the references of the cycle's beneficiaries."""

    references: frozenset[str]


def parse_distribution_list(table: Table, context: ListFile) -> list[BatchRow]:
    """The rows of the list; every line that cannot be read is a problem of the table. A
    beneficiary on two lines is refused where every list is recorded, the API's as well
    (`services.lists.record_rows`)."""
    rows: list[BatchRow] = []
    columns: dict[str, int] | None = None
    at_reference = at_quantity = width = 0
    for line, cells in table:
        if columns is None:
            headers = [cell.strip().lower() for cell in cells]
            if "reference" not in headers or "quantity" not in headers:
                table.problem(line, "", _("Give the columns “reference” and “quantity”."))
                return rows
            columns = {
                "reference": headers.index("reference"),
                "quantity": headers.index("quantity"),
            }
            at_reference, at_quantity = columns["reference"], columns["quantity"]
            width = max(at_reference, at_quantity) + 1
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        reference = cells[at_reference].strip()
        try:
            quantity = Decimal(cells[at_quantity].strip().replace(",", "."))
        except (InvalidOperation, ArithmeticError):
            quantity = Decimal(0)
        if not reference or not quantity.is_finite() or quantity <= 0:
            table.problem(line, "", _("Give a reference and a quantity above zero."))
            continue
        if context.references and reference not in context.references:
            table.problem(
                line,
                "reference",
                _("%(reference)s has no entitlement in this cycle.") % {"reference": reference},
            )
            continue
        rows.append(BatchRow(reference, quantity, line))
    if columns is None:
        table.problem(0, "", _("The file is empty."))
    return rows


DISTRIBUTION_LIST = Importer[ListFile, BatchRow](
    name="assistance.distribution_list",
    label=gettext_lazy("Distribution list"),
    parser=parse_distribution_list,
)

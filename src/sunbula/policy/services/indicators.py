"""SDG 2 indicator values, recorded one at a time or imported from the UN SDG database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from sunbula.core.audit import upsert_audited, upsert_batch_audited
from sunbula.core.imports import ImportFile, batches
from sunbula.core.models import Country, User
from sunbula.policy.imports import SdgRow, negative_refused, read_sdg_rows
from sunbula.policy.models import IndicatorValue


class IndicatorValueFields(TypedDict):
    """A value of an SDG series for a country and a year, and where it comes from."""

    country: Country
    series_code: str
    year: int
    value: Any
    source: str
    retrieved_on: datetime.date
    qualifier: NotRequired[str]
    units: NotRequired[str]
    is_illustrative: NotRequired[bool]


def _indicator_value(given: IndicatorValueFields) -> tuple[dict[str, Any], dict[str, Any]]:
    """A value's key (series, country and year) and what it holds, as stored alone or in a
    batch of an import."""
    return (
        {"country": given["country"], "series_code": given["series_code"], "year": given["year"]},
        {
            "value": given["value"],
            "qualifier": given.get("qualifier", ""),
            "units": given.get("units", ""),
            "source": given["source"],
            "retrieved_on": given["retrieved_on"],
            "is_illustrative": given.get("is_illustrative", False),
        },
    )


@transaction.atomic
def indicator_value_record(
    *, actor: User | None, **given: Unpack[IndicatorValueFields]
) -> IndicatorValue:
    """Record a value, or correct the one held for that series, country and year; a share or
    a count is not negative."""
    units = given.get("units", "")
    if refused := negative_refused(given["series_code"], units, Decimal(given["value"])):
        raise ValidationError({"value": refused})
    lookup, values = _indicator_value(given)
    return upsert_audited(actor=actor, model=IndicatorValue, lookup=lookup, values=values)


@dataclass(frozen=True)
class IndicatorImport:
    rows: int
    left_aside: int


@transaction.atomic
def indicator_values_import(
    *,
    actor: User | None,
    content: ImportFile,
    retrieved_on: datetime.date,
    countries: list[Country],
    source: str = "UN SDG Global Database",
) -> IndicatorImport:
    """Import a UN SDG database download (CSV or XLSX) for `countries`, all rows or none:
    the file is checked whole first, then its rows stored a batch at a time as they are read
    again, each as `indicator_value_record` stores one (a new or changed value audited)."""
    by_iso3 = {country.iso3: country for country in countries}
    rows = left_aside = 0
    for batch in batches(read_sdg_rows(content, known_iso3=set(by_iso3))):
        national = [row for row in batch if isinstance(row, SdgRow)]
        rows += len(national)
        left_aside += len(batch) - len(national)
        upsert_batch_audited(
            actor=actor,
            model=IndicatorValue,
            scope={},
            key=("country", "series_code", "year"),
            records=[
                _indicator_value(
                    {
                        "country": by_iso3[row.iso3],
                        "series_code": row.series_code,
                        "year": row.year,
                        "value": row.value,
                        "qualifier": row.qualifier,
                        "units": row.units,
                        "source": f"{source}: {row.source}"[:255] if row.source else source,
                        "retrieved_on": retrieved_on,
                    }
                )
                for row in national
            ],
        )
    return IndicatorImport(rows=rows, left_aside=left_aside)

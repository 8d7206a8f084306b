"""Every write to the situation records: keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    remove_audited,
    stated_reason,
    update_audited,
    upsert_batch_audited,
)
from sunbula.core.errors import RateMissing
from sunbula.core.imports import ImportFile, batches
from sunbula.core.models import AdminArea, Country, Currency, Site, User
from sunbula.core.money import usd_value
from sunbula.core.validation import refuse_future
from sunbula.monitoring.imports import read_phase_rows
from sunbula.monitoring.models import (
    FUTURE_PUBLICATION,
    Market,
    PhasePopulation,
    PriceObservation,
    PriceType,
    SituationDataset,
)


@dataclass(frozen=True)
class ImportResult:
    dataset: SituationDataset
    rows: int
    created: int
    updated: int


@transaction.atomic
def situation_dataset_import(
    *,
    actor: User | None,
    country: Country,
    name: str,
    classification: str,
    source: str,
    published_on: datetime.date,
    period_type: str,
    content: ImportFile,
    name_translations: dict[str, str] | None = None,
    is_illustrative: bool | None = None,
) -> ImportResult:
    """Import phase populations from an HXL or plain CSV file, all rows or none.

    The file is read in full before anything is written; a bad row refuses the file with
    every bad row named. The rows are then read again and stored a batch at a time, each
    new or changed one audited. Importing the same file again changes nothing.
    """
    refuse_future(published_on, "published_on", FUTURE_PUBLICATION)
    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country)}
    rows = read_phase_rows(content, classification=classification, known_p_codes=areas)
    lookup = {"country": country, "name": name, "published_on": published_on}
    values: dict[str, object] = {"classification": classification, "source": source}
    # A file that adds a period to an analysis keeps what it does not say: the analysis's
    # names in other languages, and whether its figures are illustrative.
    if name_translations is not None:
        values["name_translations"] = name_translations
    if is_illustrative is not None:
        values["is_illustrative"] = is_illustrative
    dataset = SituationDataset.objects.filter(**lookup).first()
    if dataset is None:
        dataset = create_audited(
            actor=actor,
            model=SituationDataset,
            values={
                "name_translations": {},
                "is_illustrative": False,
                **lookup,
                **values,
                "created_by": actor,
            },
        )
    else:
        dataset = update_audited(actor=actor, obj=dataset, values=values)
    read = created = updated = 0
    for batch in batches(rows):
        read += len(batch)
        stored = upsert_batch_audited(
            actor=actor,
            model=PhasePopulation,
            scope={"dataset": dataset, "period_type": period_type},
            key=("admin_area", "period_start"),
            records=[
                (
                    {"admin_area": areas[row.p_code], "period_start": row.period_start},
                    {
                        "period_end": row.period_end,
                        "analysed": row.analysed,
                        "phase1": row.phases[0],
                        "phase2": row.phases[1],
                        "phase3": row.phases[2],
                        "phase4": row.phases[3],
                        "phase5": row.phases[4],
                    },
                )
                for row in batch
            ],
        )
        created += stored[0]
        updated += stored[1]
    if created or updated:
        audit_record(
            actor=actor,
            action="monitoring.situationdataset.imported",
            obj=dataset,
            after={"rows": read, "created": created, "updated": updated},
        )
    return ImportResult(dataset=dataset, rows=read, created=created, updated=updated)


@transaction.atomic
def situation_dataset_remove(*, actor: User, dataset: SituationDataset) -> None:
    """Remove an analysis imported by mistake, with its phase populations; the audit entry
    keeps what it was and how many rows it held."""
    rows = PhasePopulation.objects.filter(dataset=dataset).count()
    remove_audited(
        actor=actor,
        obj=dataset,
        fields=("country", "name", "classification", "source", "published_on"),
        also={"rows": rows},
    )


# Markets and prices


@transaction.atomic
def market_create(
    *,
    actor: User | None,
    country: Country,
    name: str,
    admin_area: AdminArea | None = None,
    site: Site | None = None,
) -> Market:
    """A market of the country where prices are read, placed in an area or at a site."""
    return create_audited(
        actor=actor,
        model=Market,
        values={
            "country": country,
            "name": _market_name(country, name),
            "admin_area": admin_area,
            "site": site,
        },
    )


class MarketFields(TypedDict, total=False):
    """What `market_update` changes: a market stays in its country, whose people read its
    prices."""

    name: str
    admin_area: AdminArea | None
    site: Site | None


@transaction.atomic
def market_update(*, actor: User | None, market: Market, **fields: Unpack[MarketFields]) -> Market:
    """Rename a market, or place it in another area or at another site of its country."""
    values = given_fields("market_update", fields, tuple(MarketFields.__annotations__))
    if "name" in values:
        values["name"] = _market_name(market.country, values["name"], other_than=market)
    return update_audited(actor=actor, obj=market, values=values)


def _market_name(country: Country, name: str, *, other_than: Market | None = None) -> str:
    """`name` with its spaces tidied, refused where empty or another market of the country
    bears it already."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Name the market.")})
    namesakes = Market.objects.filter(country=country, name__iexact=name)
    if other_than is not None:
        namesakes = namesakes.exclude(pk=other_than.pk)
    if namesakes.exists():
        raise ValidationError({"name": _("The country has a market of this name already.")})
    return name


@transaction.atomic
def price_record(
    *,
    actor: User | None,
    market: Market,
    commodity: str,
    category: str,
    unit: str,
    price: Decimal,
    currency: Currency,
    observed_on: datetime.date,
    price_type: str = PriceType.RETAIL,
    source: str = "",
) -> PriceObservation:
    """A price read at a market on a day; its value in US dollars at the rate in force that
    day is kept beside it where a rate is known."""
    if price <= 0:
        raise ValidationError({"price": _("A price must be more than zero.")})
    refuse_future(observed_on, "observed_on", _("A price cannot be read in the future."))
    commodity, unit = " ".join(commodity.split()), " ".join(unit.split()).upper()
    if not commodity:
        raise ValidationError({"commodity": _("Name the commodity.")})
    if not unit:
        raise ValidationError({"unit": _("Give the unit the price is for.")})
    try:
        price_usd: Decimal | None = usd_value(amount=price, currency=currency, on=observed_on)
    except RateMissing:
        price_usd = None
    return create_audited(
        actor=actor,
        model=PriceObservation,
        values={
            "market": market,
            "commodity": commodity,
            "category": category,
            "unit": unit,
            "price_type": price_type,
            "price": price,
            "currency": currency,
            "price_usd": price_usd,
            "observed_on": observed_on,
            "collected_by": actor,
            "source": source,
        },
    )


@transaction.atomic
def price_remove(*, actor: User | None, price: PriceObservation, reason: str) -> None:
    """Remove a price read or typed in error, so that it no longer moves the market's trend;
    the audit entry keeps what it was and why it was removed."""
    reason = stated_reason(reason, _("Say why the price is removed."))
    remove_audited(
        actor=actor,
        obj=price,
        fields=(
            "market",
            "commodity",
            "unit",
            "price_type",
            "price",
            "currency",
            "observed_on",
            "collected_by",
            "source",
        ),
        also={"reason": reason},
    )

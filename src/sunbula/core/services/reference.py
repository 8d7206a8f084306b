"""Reference data: countries, member states, admin areas, currencies and exchange rates."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from sunbula.core.audit import (
    upsert_audited,
)
from sunbula.core.models import (
    AdminArea,
    Country,
    Currency,
    ExchangeRate,
    MemberState,
    User,
)


@transaction.atomic
def country_upsert(
    *, actor: User | None, iso2: str, iso3: str, name: str, name_translations: dict[str, str]
) -> Country:
    return upsert_audited(
        actor=actor,
        model=Country,
        lookup={"iso2": iso2.upper()},
        values={"iso3": iso3.upper(), "name": name, "name_translations": name_translations},
    )


@transaction.atomic
def member_state_upsert(
    *,
    actor: User | None,
    country: Country,
    oic_status: str = MemberState.OicStatus.MEMBER,
    oic_status_note: str = "",
    iofs_membership: str = MemberState.IofsMembership.UNKNOWN,
    iofs_member_since: datetime.date | None = None,
) -> MemberState:
    return upsert_audited(
        actor=actor,
        model=MemberState,
        lookup={"country": country},
        values={
            "oic_status": oic_status,
            "oic_status_note": oic_status_note,
            "iofs_membership": iofs_membership,
            "iofs_member_since": iofs_member_since,
        },
    )


@transaction.atomic
def admin_area_upsert(
    *,
    actor: User | None,
    country: Country,
    p_code: str,
    pcode_set_version: str,
    level: int,
    name: str,
    name_translations: dict[str, str] | None = None,
    iso_3166_2: str = "",
    parent: AdminArea | None = None,
) -> AdminArea:
    return upsert_audited(
        actor=actor,
        model=AdminArea,
        lookup={"p_code": p_code, "pcode_set_version": pcode_set_version},
        values={
            "country": country,
            "level": level,
            "name": name,
            "name_translations": name_translations or {},
            "iso_3166_2": iso_3166_2,
            "parent": parent,
        },
    )


@transaction.atomic
def currency_upsert(
    *,
    actor: User | None,
    code: str,
    name: str,
    name_translations: dict[str, str] | None = None,
    minor_units: int = 2,
) -> Currency:
    return upsert_audited(
        actor=actor,
        model=Currency,
        lookup={"code": code},
        values={
            "name": name,
            "name_translations": name_translations or {},
            "minor_units": minor_units,
        },
    )


@transaction.atomic
def exchange_rate_record(
    *,
    actor: User | None,
    currency: Currency,
    valid_from: datetime.date,
    units_per_usd: Decimal,
    source: str,
    is_illustrative: bool = False,
) -> ExchangeRate:
    """The rate in force from `valid_from`; recording a day again corrects it, audited."""
    return upsert_audited(
        actor=actor,
        model=ExchangeRate,
        lookup={"currency": currency, "valid_from": valid_from},
        values={
            "units_per_usd": units_per_usd,
            "source": source,
            "is_illustrative": is_illustrative,
        },
    )

"""Reference data, with no demo record: countries, OIC member states, currencies with their
fixed pegs, the admin areas of the chosen countries, and what other apps register (the
standard commodity list). `sunbula setup` and the demo both load it through
`load_reference_data`; every write goes through core services, so loading twice changes
nothing."""

from __future__ import annotations

import csv
import datetime
import gettext
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry

from sunbula.core import services
from sunbula.core.models import AdminArea, Country
from sunbula.core.plugins import reference_loaders

REFERENCE_DATA = Path(__file__).with_name("reference_data")
# The p-code set of each country whose admin areas ship in reference_data/<iso2>_admin_areas.csv.
PCODE_SET_VERSIONS = {"AFG": "AFG 2021-11-17"}

# Currencies of the organisation's donors and programme countries (ISO 4217).
REFERENCE_CURRENCIES = (
    "AED", "AFN", "BDT", "CHF", "CNY", "EGP", "EUR", "GBP", "IDR", "JPY", "KGS", "KWD",
    "KZT", "MYR", "NGN", "PKR", "QAR", "SAR", "TJS", "TMT", "TRY", "USD", "UZS",
)  # fmt: skip
# Rates that are fixed by law, not by a market (units per US dollar).
# The organisation `sunbula setup` creates for the first administrator unless told another,
# with its name in the interface languages.
HOME_ORGANISATION = "Islamic Organization for Food Security"
HOME_ACRONYM = "IOFS"
HOME_NAME_TRANSLATIONS = {
    "ar": "المنظمة الإسلامية للأمن الغذائي",
    "fr": "Organisation islamique pour la sécurité alimentaire",
    "ru": "Исламская организация по продовольственной безопасности",
}
FIXED_RATES = (("USD", "2020-01-01", "1"), ("SAR", "2020-01-01", "3.75"))

Log = Callable[[str], Any]


def _catalogues(domain: str) -> dict[str, gettext.NullTranslations]:
    return {
        language: gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
        for language in ("ar", "fr", "ru")
    }


def country_names() -> dict[str, dict[str, str]]:
    """Names in Arabic, French and Russian that ISO's catalogues lack or give only in their
    formal or inverted form ("Syrienne, République arabe"), by alpha-3 code."""
    with (REFERENCE_DATA / "country_names.csv").open(encoding="utf-8") as rows:
        return {
            row.pop("iso3"): {language: name for language, name in row.items() if name}
            for row in csv.DictReader(rows)
        }


def load_countries() -> None:
    catalogues = _catalogues("iso3166-1")
    usual = country_names()
    for record in pycountry.countries:
        english = getattr(record, "common_name", None) or record.name
        translations = {
            language: catalogue.gettext(record.name)
            for language, catalogue in catalogues.items()
            if catalogue.gettext(record.name) != record.name
        }
        translations.update(usual.get(record.alpha_3, {}))
        services.country_upsert(
            actor=None,
            iso2=record.alpha_2,
            iso3=record.alpha_3,
            name=english,
            name_translations=translations,
        )


def load_member_states() -> None:
    with (REFERENCE_DATA / "oic_member_states.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            since = row["iofs_member_since"]
            services.member_state_upsert(
                actor=None,
                country=Country.objects.get(iso3=row["iso3"]),
                oic_status=row["oic_status"],
                oic_status_note=row["oic_status_note"],
                iofs_membership=row["iofs_membership"],
                iofs_member_since=datetime.date.fromisoformat(since) if since else None,
            )


def admin_area_file(country: Country) -> Path:
    return REFERENCE_DATA / f"{country.iso2.lower()}_admin_areas.csv"


def load_admin_areas(country: Country) -> bool:
    """The country's admin areas with their p-codes; False when none ship with Sunbula."""
    path = admin_area_file(country)
    version = PCODE_SET_VERSIONS.get(country.iso3)
    if version is None or not path.exists():
        return False
    with path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            parent = (
                AdminArea.objects.get(p_code=row["parent"], pcode_set_version=version)
                if row["parent"]
                else None
            )
            services.admin_area_upsert(
                actor=None,
                country=country,
                p_code=row["p_code"],
                pcode_set_version=version,
                level=int(row["level"]),
                name=row["name"],
                name_translations={code: row[code] for code in ("ar", "fr", "ru", "fa-af", "ps")},
                iso_3166_2=row["iso_3166_2"],
                parent=parent,
            )
    return True


def load_currencies(codes: Iterable[str] = REFERENCE_CURRENCIES) -> None:
    catalogues = _catalogues("iso4217")
    for code in sorted(set(codes)):
        record = pycountry.currencies.lookup(code)
        currency = services.currency_upsert(
            actor=None,
            code=code,
            name=record.name,
            name_translations={
                language: catalogue.gettext(record.name)
                for language, catalogue in catalogues.items()
                if catalogue.gettext(record.name) != record.name
            },
        )
        for rate_code, valid_from, units in FIXED_RATES:
            if rate_code == code:
                services.exchange_rate_record(
                    actor=None,
                    currency=currency,
                    valid_from=datetime.date.fromisoformat(valid_from),
                    units_per_usd=Decimal(units),
                    source="Fixed peg",
                )


def load_reference_data(log: Log, *, countries: Iterable[str] = ()) -> list[str]:
    """Everything above, then each app's registered reference data; the admin areas of
    `countries` (ISO 3166-1 alpha-3). Returns the codes of those with no admin areas shipped."""
    log("Loading countries, member states and currencies…")
    load_countries()
    load_member_states()
    load_currencies()
    missing: list[str] = []
    for iso3 in countries:
        country = Country.objects.filter(iso3=iso3.upper()).first()
        if country is None:
            raise ValueError(f"No country has the ISO code {iso3!r}.")
        log(f"Loading the admin areas of {country.name}…")
        if not load_admin_areas(country):
            missing.append(country.iso3)
    for loader in reference_loaders():
        loader(log)
    return missing

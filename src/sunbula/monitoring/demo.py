"""Demo data for monitoring: an illustrative IPC analysis of Afghanistan's provinces.

Every figure here is invented for demonstration and flagged illustrative; the file goes
through the same HXL import as a real one, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sunbula.core.models import AdminArea, Country, Currency
from sunbula.monitoring import services
from sunbula.monitoring.models import Classification, CommodityCategory, Market, PeriodType

# Invented percentages of people in phases 1 to 5, giving areas in phases 2, 3 and 4.
SHARE_PATTERNS = (
    (50, 35, 10, 5, 0),
    (30, 35, 25, 10, 0),
    (20, 35, 25, 20, 0),
    (40, 30, 20, 10, 0),
    (55, 30, 10, 5, 0),
)
DEMO_NAME = "Afghanistan acute food insecurity (illustrative)"


def illustrative_ipc_hxl(p_codes: list[str]) -> bytes:
    """An HXL CSV with invented but internally consistent figures for each province."""
    lines = [
        "Province,Start,Analysed,Phase 1,Phase 2,Phase 3,Phase 4,Phase 5,Phase 3+",
        "#adm1+code,#date+start,#affected+food+ipc+analysed+num,#affected+food+ipc+p1+num,"
        "#affected+food+ipc+p2+num,#affected+food+ipc+p3+num,#affected+food+ipc+p4+num,"
        "#affected+food+ipc+p5+num,#affected+food+ipc+p3plus+num",
    ]
    for index, p_code in enumerate(p_codes):
        scale = 300_000 + (index * 73_000) % 900_000
        shares = SHARE_PATTERNS[(index * 3) % len(SHARE_PATTERNS)]
        phases = [scale * share // 100 for share in shares]
        lines.append(
            f"{p_code},2024-11-01,{sum(phases)},{','.join(map(str, phases))},{sum(phases[2:])}"
        )
    return ("\n".join(lines) + "\n").encode()


def load_demo(log: Callable[[str], Any]) -> None:
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is None:
        return
    p_codes = list(
        AdminArea.objects.filter(country=afghanistan, level=1)
        .order_by("p_code")
        .values_list("p_code", flat=True)
    )
    load_market_prices(afghanistan, log)
    if not p_codes:
        return
    result = services.situation_dataset_import(
        actor=None,
        country=afghanistan,
        name=DEMO_NAME,
        name_translations={
            "ar": "انعدام الأمن الغذائي الحاد في أفغانستان (توضيحي)",
            "fr": "Insécurité alimentaire aiguë en Afghanistan (illustratif)",
            "ru": "Острая нехватка продовольствия в Афганистане (иллюстративно)",
        },
        classification=Classification.IPC,
        source="Illustrative demo figures, not an IPC analysis",
        published_on=datetime.date(2024, 11, 15),
        period_type=PeriodType.CURRENT,
        content=illustrative_ipc_hxl(p_codes),
        is_illustrative=True,
    )
    log(f"monitoring: {result.rows} illustrative IPC rows ({result.created} new)")


# Invented monthly retail prices (AFN) of two markets, the latest a month ago.
DEMO_MARKETS = (
    ("Herat central bazaar", "AF32", (("Wheat flour", "KG", ("38", "41", "44")),)),
    (
        "Kabul Mandawi market",
        "AF01",
        (
            ("Wheat flour", "KG", ("36", "37", "35")),
            ("Rice (low quality)", "KG", ("80", "84", "90")),
        ),
    ),
)


def load_market_prices(afghanistan: Country, log: Callable[[str], Any]) -> None:
    """Two markets with three months of illustrative prices, once."""
    afghani = Currency.objects.filter(code="AFN").first()
    if afghani is None or Market.objects.filter(country=afghanistan).exists():
        return
    today = timezone.localdate()
    for name, p_code, series in DEMO_MARKETS:
        market = services.market_create(
            actor=None,
            country=afghanistan,
            name=name,
            admin_area=AdminArea.objects.filter(country=afghanistan, p_code=p_code).first(),
        )
        for commodity, unit, prices in series:
            for months_ago, price in zip((3, 2, 1), prices, strict=True):
                services.price_record(
                    actor=None,
                    market=market,
                    commodity=commodity,
                    category=CommodityCategory.CEREALS_AND_TUBERS,
                    unit=unit,
                    price=Decimal(price),
                    currency=afghani,
                    observed_on=today - datetime.timedelta(days=30 * months_ago),
                )
    log(f"monitoring: {len(DEMO_MARKETS)} illustrative markets with prices")

"""Reference data of supply: the standard commodity list, which `sunbula setup` and the demo
both load. Loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

from sunbula.supply import services

# (code, English, translations, category, unit, package size, package, kcal/kg, shelf life)
COMMODITIES: list[tuple[str, str, dict[str, str], str, str, str, str, int | None, int | None]] = [
    (
        "WHEAT-FLOUR",
        "Wheat flour",
        {"ar": "دقيق القمح", "fr": "Farine de blé", "ru": "Пшеничная мука", "fa-af": "آرد گندم"},
        "cereals",
        "kg",
        "50",
        "50 kg bag",
        3640,
        365,
    ),
    (
        "WHEAT-SEED",
        "Wheat seed",
        {"ar": "بذور القمح", "fr": "Semences de blé", "ru": "Семена пшеницы", "fa-af": "تخم گندم"},
        "inputs",
        "kg",
        "50",
        "50 kg bag",
        None,
        540,
    ),
    (
        "UREA",
        "Urea fertiliser",
        {
            "ar": "سماد اليوريا",
            "fr": "Engrais urée",
            "ru": "Удобрение карбамид",
            "fa-af": "کود یوریا",
        },
        "inputs",
        "kg",
        "50",
        "50 kg bag",
        None,
        None,
    ),
    (
        "DAP",
        "DAP fertiliser",
        {"ar": "سماد داب", "fr": "Engrais DAP", "ru": "Удобрение ДАФ", "fa-af": "کود دی‌ای‌پی"},
        "inputs",
        "kg",
        "50",
        "50 kg bag",
        None,
        None,
    ),
    (
        "TOOL-KIT",
        "Farm tool kit",
        {
            "ar": "عدة أدوات زراعية",
            "fr": "Kit d'outils agricoles",
            "ru": "Набор сельхозинструментов",
            "fa-af": "بسته ابزار زراعتی",
        },
        "non_food",
        "piece",
        "",
        "",
        None,
        None,
    ),
    (
        "RICE",
        "Rice",
        {"ar": "أرز", "fr": "Riz", "ru": "Рис"},
        "cereals",
        "kg",
        "25",
        "25 kg bag",
        3600,
        730,
    ),
    (
        "LENTILS",
        "Lentils",
        {"ar": "عدس", "fr": "Lentilles", "ru": "Чечевица"},
        "pulses",
        "kg",
        "50",
        "50 kg bag",
        3390,
        730,
    ),
    (
        "VEG-OIL",
        "Vegetable oil",
        {"ar": "زيت نباتي", "fr": "Huile végétale", "ru": "Растительное масло"},
        "oil",
        "litre",
        "5",
        "5 litre can",
        8840,
        540,
    ),
]


def load_commodities() -> None:
    for code, name, translations, category, unit, size, package, kcal, shelf in COMMODITIES:
        services.commodity_upsert(
            actor=None,
            code=code,
            name=name,
            name_translations=translations,
            category=category,
            base_unit=unit,
            package_size=Decimal(size) if size else None,
            package_name=package,
            kcal_per_kg=kcal,
            shelf_life_days=shelf,
        )

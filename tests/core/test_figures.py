"""Figures as each language writes them: money with its currency, quantities with their
unit, percentages, dates, moments in an event's time zone and the Solar Hijri date."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from sunbula.core import figures, pdf

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
MARCH_21 = datetime.date(2026, 3, 21)
# 05:30 UTC is 10:30 in Almaty (UTC+5).
SESSION = datetime.datetime(2026, 3, 21, 5, 30, tzinfo=datetime.UTC)

SNAPSHOTS = {
    # language: (money KZT, money USD, 10000 kg, 3 pieces, percent, date, moment in Almaty,
    #            Solar Hijri)
    "en": (
        "KZT\xa052,631.58",
        "USD\xa0870,000.00",
        "10,000 kg",
        "3\xa0pieces",
        "46%",
        "Mar 21, 2026",
        "Mar 21, 2026, 10:30\u202fAM",
        "1 Hamal 1405 SH",
    ),
    "ar": (
        "\u200f52,631.58\xa0KZT",
        "\u200f870,000.00\xa0USD",
        "10,000 كغم",
        "3\xa0قطع",
        "46%",
        "21\u200f/03\u200f/2026",
        "21\u200f/03\u200f/2026، 10:30 ص",
        "1 حمل 1405 هـ.ش",
    ),
    "fr": (
        "52\u202f631,58\xa0KZT",
        "870\u202f000,00\xa0USD",
        "10\u202f000\u202fkg",
        "3\xa0pièces",
        "46\xa0%",
        "21 mars 2026",
        "21 mars 2026, 10:30",
        "1 Hamal 1405 HS",
    ),
    "ru": (
        "52\xa0631,58\xa0KZT",
        "870\xa0000,00\xa0USD",
        "10\xa0000 кг",
        "3\xa0штуки",
        "46\xa0%",
        "21 мар. 2026\u202fг.",
        "21 мар. 2026\u202fг., 10:30",
        "1 хамаль 1405 г. с. х.",
    ),
    "fa-af": (
        "\u200eKZT\xa0۵۲٬۶۳۱٫۵۸",
        "\u200eUSD\xa0۸۷۰٬۰۰۰٫۰۰",
        "۱۰٬۰۰۰ کیلوگرم",
        "۳\xa0عدد",
        "۴۶%",
        "۲۱ مارچ ۲۰۲۶",
        "۲۱ مارچ ۲۰۲۶،\u200f ۱۰:۳۰",
        "۱ حمل ۱۴۰۵ هـ ش",
    ),
    "ps": (
        "KZT\xa0۵۲٬۶۳۱٫۵۸",
        "USD\xa0۸۷۰٬۰۰۰٫۰۰",
        "۱۰٬۰۰۰\xa0کیلوګرام",
        "۳\xa0دانې",
        "۴۶%",
        "۲۱ مارچ ۲۰۲۶",
        "۲۱ مارچ ۲۰۲۶ ۱۰:۳۰",
        "۱ وری ۱۴۰۵ هـ ش",
    ),
}


@pytest.mark.parametrize("language", list(SNAPSHOTS))
def test_each_language_writes_figures_its_own_way(language: str) -> None:
    with translation.override(language):
        written = (
            figures.money_text(Decimal("52631.5800000000"), "KZT"),
            figures.money_text(Decimal(870000), "USD"),
            figures.quantity_text(Decimal("10000.000"), "kg"),
            figures.quantity_text(Decimal(3), "piece"),
            figures.percent_text(Decimal("45.5")),
            figures.date_text(MARCH_21),
            figures.datetime_text(SESSION, "Asia/Almaty"),
            figures.solar_hijri_text(MARCH_21),
        )
    assert written == SNAPSHOTS[language]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ("kg", "t", "pieces")),
        ("ar", ("كغم", "ط.م", "قطع")),
        ("ru", ("кг", "т", "штуки")),
        ("fa-af", ("کیلوگرم", "تُن", "عدد")),
        ("ps", ("کیلوګرام", "ټن", "دانې")),
    ],
)
def test_a_unit_is_named_in_the_language_never_by_its_code(
    language: str, names: tuple[str, str, str]
) -> None:
    with translation.override(language):
        html = Template(
            "{{ 'kg'|unit_name }} {{ 't'|unit_name }} {{ 'piece'|unit_name:3 }}"
        ).render(Context({}))
    assert html == " ".join(names)


def test_arabic_indic_digits_are_an_option(settings: object) -> None:
    settings.FIGURE_DIGITS = {"ar": "arab"}  # type: ignore[attr-defined]
    with translation.override("ar"):
        assert figures.money_text(Decimal("1234.5"), "KZT") == "\u200f١٬٢٣٤٫٥٠\xa0KZT"
        assert figures.date_text(MARCH_21) == "٢١\u200f/٠٣\u200f/٢٠٢٦"


def test_each_figure_is_isolated_with_its_unit_or_currency() -> None:
    template = Template(
        "{{ amount|money:currency }} {{ kg|quantity:'kg' }} {{ when|moment:'Asia/Almaty' }}"
        " {{ ends|clock:'Asia/Almaty' }}"
    )
    with translation.override("en"):
        html = template.render(
            Context(
                {
                    "amount": Decimal("52631.5800000000"),
                    "currency": "KZT",
                    "kg": Decimal("10000.000"),
                    "when": SESSION,
                    "ends": SESSION + datetime.timedelta(hours=1),
                }
            )
        )
    assert html == (
        "<bdi>KZT\xa052,631.58</bdi> <bdi>10,000 kg</bdi>"
        " <bdi>Mar 21, 2026, 10:30\u202fAM</bdi> <bdi>11:30\u202fAM</bdi>"
    )
    assert figures.money(Decimal(5), "USD", html=False) == "\u2068USD\xa05.00\u2069"


def test_dari_and_pashto_pages_show_the_solar_hijri_date_beside_the_gregorian() -> None:
    with translation.override("fa-af"):
        assert figures.day(MARCH_21) == "<bdi>۲۱ مارچ ۲۰۲۶</bdi> (<bdi>۱ حمل ۱۴۰۵ هـ ش</bdi>)"
    with translation.override("en"):
        assert figures.day(MARCH_21) == "<bdi>Mar 21, 2026</bdi>"


def test_an_arabic_pdf_keeps_the_amount_beside_its_currency() -> None:
    with translation.override("ar"):
        tenge = figures.money(Decimal("52631.58"), "KZT")
        dollars = figures.money(Decimal("116.96"), "USD")
    html = f'<html lang="ar" dir="rtl"><body><p>المبلغ {tenge} · {dollars}</p></body></html>'
    assert "<bdi>\u2068" in pdf.isolate_figures(html)
    text = subprocess.run(  # noqa: S603 (fixed poppler tool on our own bytes)
        [PDFTOTEXT, "-", "-"], input=pdf.html_pdf(html), capture_output=True, check=True
    ).stdout.decode()
    # pdftotext gives left-to-right runs in visual order: each code, then its amount.
    assert "USD 116.96 · KZT 52,631.58" in text

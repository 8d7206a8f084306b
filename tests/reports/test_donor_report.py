"""The donor report on the demo's Flour for Humanity donors: every figure agrees with the
ledgers (lots, waybill lines, stock balances, the draws of the distributions), in English,
Arabic, French and Russian, and the Arabic PDF is shaped right to left."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from PIL import Image, ImageStat

from sunbula.assistance.models import Draw
from sunbula.core import figures
from sunbula.core.models import Site
from sunbula.funding.models import Payment, Pledge
from sunbula.programmes.models import IndicatorActual, IndicatorTarget
from sunbula.reports.document import render_html, render_pdf
from sunbula.reports.donor import DonorReport, donor_report
from sunbula.supply import services as supply_services
from sunbula.supply.models import Commodity, Lot
from tests.reports.flour_demo import FlourDemo, ledger_of

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLOUR_DONORS = (
    ("DEMO-FFH23-KAZ", "Government of the Republic of Kazakhstan"),
    ("DEMO-FFH23-TJK", "Government of the Republic of Tajikistan"),
    ("DEMO-FFH23-TKM", "Government of Turkmenistan"),
    ("DEMO-FFH23-IFPA", "International Islamic Food Processing Association"),
)
STORE_LOSS = Decimal(50)
ROOF = "Rain came through the store roof"


def _kazakh_report(demo: FlourDemo, **options: object) -> DonorReport:
    return donor_report(
        user=demo.director,
        donor=demo.kazakhstan,
        data_as_of=timezone.now(),
        **options,  # type: ignore[arg-type]
    )


def _spoil_some_flour(demo: FlourDemo) -> None:
    """50 kg of Kazakhstan's flour spoils in the Kabul centre's store."""
    supply_services.stock_loss_record(
        actor=demo.director,
        site=Site.objects.get(name="Kabul drug-treatment centre"),
        lot=Lot.objects.get(pledge=demo.kaz_flour),
        quantity=STORE_LOSS,
        reference="LOSS-KBL-1",
        cause="spoilage",
        reason=ROOF,
    )


def test_the_kazakh_flour_report_agrees_with_the_ledgers(flour_demo: FlourDemo) -> None:
    _spoil_some_flour(flour_demo)
    ledger = ledger_of(flour_demo.kaz_flour)
    report = _kazakh_report(flour_demo, year=2023)

    assert [section.reference for section in report.pledges] == ["DEMO-FFH23-KAZ"]
    section = report.pledges[0]
    delivery = section.delivery
    assert ledger.received == Decimal(30000)
    assert delivery.received == ledger.received
    assert delivery.dispatched == ledger.dispatched
    assert delivery.delivered == ledger.delivered
    assert delivery.lost_in_transit == ledger.lost_in_transit == 0
    assert delivery.distributed == ledger.distributed > 0
    assert delivery.in_stock == ledger.in_stock
    assert delivery.lost_in_store == STORE_LOSS
    assert delivery.lost == STORE_LOSS
    # Every kilogram received is in stock, handed out or written off.
    assert ledger.received == ledger.in_stock + ledger.distributed + STORE_LOSS
    assert delivery.people == ledger.people > 0
    assert delivery.person_days == ledger.person_days > 0
    assert {site.site: site.kilograms for site in section.sites} == ledger.sites
    assert list(ledger.sites) == ["Kabul drug-treatment centre"]

    assert [
        (loss.cause, loss.reason, loss.quantity, loss.unit, loss.waybill) for loss in section.losses
    ] == [("Spoilage", ROOF, STORE_LOSS, "kg", "")]

    pledge = Pledge.objects.get(reference="DEMO-FFH23-KAZ")
    given = sum(
        (payment.amount_usd for payment in Payment.objects.filter(commitment__pledge=pledge)),
        Decimal(0),
    )
    assert section.pledged.usd == pledge.amount_usd == Decimal(13500)
    assert section.paid.usd == given
    assert report.totals.in_kind_usd == given
    assert report.totals.paid_usd == 0
    assert report.totals.people == ledger.people
    assert [(lot.quantity, lot.unit) for lot in section.lots] == [(Decimal(30000), "kg")]

    target = IndicatorTarget.objects.get(indicator__result__project=pledge.project)
    actual = IndicatorActual.objects.get(indicator__result__project=pledge.project, sex="")
    assert [(line.target, line.actual) for line in section.indicators] == [
        (target.value, actual.value)
    ]


def test_tool_kits_are_counted_in_pieces_never_added_to_kilograms(
    flour_demo: FlourDemo,
) -> None:
    """The Herat wheat farmers' pledge gave seed and fertiliser (kilograms) and tool kits
    (pieces): each lot says its unit, and the sites' kilograms are those handed out in
    kilograms, as the delivery's figure counts them."""
    pledge = Pledge.objects.get(reference="DEMO-WHEAT-HERAT-IOFS")
    report = donor_report(
        user=flour_demo.director, donor=pledge.donor, pledge=pledge, data_as_of=timezone.now()
    )
    section = report.pledges[0]
    assert {lot.unit for lot in section.lots} == {"kg", "piece"}
    weighed = sum((lot.quantity for lot in section.lots if lot.unit == "kg"), Decimal(0))
    assert section.delivery.received == weighed
    # Tool kits were handed out at the school, and are not in its kilograms.
    assert Draw.objects.filter(lot__pledge=pledge, lot__commodity__base_unit="piece").exists()
    assert sum((site.kilograms for site in section.sites), Decimal(0)) == (
        section.delivery.distributed
    )
    kits = next(lot for lot in section.lots if lot.unit == "piece")
    with translation.override("en"):
        shown = figures.quantity(kits.quantity, "piece")
    assert "pieces" in shown and shown in render_html(report, "en")


def test_the_four_flour_donors_account_for_68_tonnes(flour_demo: FlourDemo) -> None:
    received = Decimal(0)
    for reference, donor_name in FLOUR_DONORS:
        pledge = Pledge.objects.get(reference=reference)
        report = donor_report(
            user=flour_demo.director,
            donor=pledge.donor,
            pledge=pledge,
            data_as_of=timezone.now(),
        )
        assert report.donor == donor_name
        ledger = ledger_of(pledge)
        delivery = report.pledges[0].delivery
        assert (delivery.received, delivery.distributed, delivery.lost) == (
            ledger.received,
            ledger.distributed,
            ledger.lost_in_transit,
        )
        received += delivery.received
    assert received == Decimal(68000)
    kandahar = donor_report(
        user=flour_demo.director,
        donor=Pledge.objects.get(reference="DEMO-FFH23-TKM").donor,
        data_as_of=timezone.now(),
    ).pledges[0]
    assert [(loss.cause, loss.quantity, loss.waybill) for loss in kandahar.losses] == [
        ("Transport damage", Decimal(300), "WB-FFH23-03")
    ]


def test_a_donor_report_covers_every_pledge_unless_narrowed(flour_demo: FlourDemo) -> None:
    everything = _kazakh_report(flour_demo)
    assert [section.reference for section in everything.pledges] == [
        "DEMO-FFH23-KAZ",
        "DEMO-DC26-KAZ",
    ]
    expected_usd = sum(
        (pledge.amount_usd for pledge in Pledge.objects.filter(donor=flour_demo.kazakhstan)),
        Decimal(0),
    )
    assert everything.totals.pledged_usd == expected_usd
    conference = everything.pledges[1]
    assert conference.pledged.currency == "KZT" and not conference.is_in_kind
    assert conference.lots == [] and conference.delivery.received == 0
    assert [section.reference for section in _kazakh_report(flour_demo, year=2026).pledges] == [
        "DEMO-DC26-KAZ"
    ]


def test_the_report_shows_what_the_reader_may_see(flour_demo: FlourDemo) -> None:
    report = donor_report(
        user=flour_demo.officer_kaz, donor=flour_demo.kazakhstan, data_as_of=timezone.now()
    )
    assert report.pledges == []
    assert report.totals.pledged_usd == 0 and report.totals.people == 0


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}"><bdi>([^<]*)</bdi><', html)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("en", "Donor report", "ltr"),
        ("ar", "تقرير الجهة المانحة", "rtl"),
        ("fr", "Rapport au donateur", "ltr"),
        ("ru", "Отчёт для донора", "ltr"),
    ],
)
def test_the_html_speaks_four_languages(
    flour_demo: FlourDemo,
    language: str,
    title: str,
    direction: str,
) -> None:
    ledger = ledger_of(flour_demo.kaz_flour)
    with translation.override(language):
        report = _kazakh_report(flour_demo, year=2023)
        html = render_html(report, language)
        expected = {
            "received": figures.number_text(ledger.received),
            "distributed": figures.number_text(ledger.distributed),
            "in_stock": figures.number_text(ledger.in_stock),
            "people": figures.number_text(ledger.people, places=0),
        }
        as_of = figures.datetime_text(report.data_as_of)
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html
    for name, figure in expected.items():
        assert _figure(html, name) == figure, name
    assert as_of in html
    if language != "en":
        assert "Figures as of" not in html and "From pledge to plate" not in html
        assert "Wheat flour" not in html
        flour = Commodity.objects.get(code="WHEAT-FLOUR").name_translations[language]
        assert f"· {flour} ·" in html


def test_the_arabic_pdf_is_shaped_right_to_left_with_the_figures(
    flour_demo: FlourDemo,
    tmp_path: Path,
) -> None:
    ledger = ledger_of(flour_demo.kaz_flour)
    with translation.override("ar"):
        report = _kazakh_report(flour_demo, year=2023)
    pdf = tmp_path / "donor-ar.pdf"
    pdf.write_bytes(render_pdf(render_html(report, "ar")))
    subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 2
    ARTIFACTS.mkdir(exist_ok=True)
    for png in pngs:
        with Image.open(png) as picture:
            assert picture.width > 400 and picture.height > 500
            grey = picture.convert("L")
            assert ImageStat.Stat(grey).extrema[0][0] < 100  # dark ink somewhere
            inked = sum(grey.histogram()[:128])
            assert inked > 2000, f"{png.name} is nearly blank"
        (ARTIFACTS / f"donor-report-ar-{png.name}").write_bytes(png.read_bytes())

    text = subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    # pdftotext gives shaped glyphs back as letters (NFKC folds presentation forms) wrapped in
    # right-to-left embedding marks; the words checked avoid the lam-alef ligature.
    folded = unicodedata.normalize("NFKC", text)
    assert "\u202b" in folded
    plain = folded.replace("\u202b", "").replace("\u202c", "").replace("\u202a", "")
    assert "تقرير الجهة المانحة" in plain
    assert "حكومة جمهورية كازاخستان" in plain
    assert "الملخص" in plain
    for figure in (ledger.received, ledger.distributed, ledger.in_stock):
        assert f"{int(figure):,}" in plain, figure
    assert f"{int(ledger.people):,}" in plain
    assert str(report.data_as_of.year) in plain
    # The lot's receipt, 20/05/2023 in Arabic's day-month-year, laid out right to left.
    assert "2023/05/20" in plain

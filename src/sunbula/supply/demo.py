"""Demo data: the 68 t of Flour for Humanity wheat flour (2023) and the inputs of the Herat
and Logar wheat projects.

The seeds give the 68 t, the three treatment centres (Kabul, Herat, Kandahar), the donors and
that the farmers receive seeds, fertiliser and tools. The split of the flour among the
centres, the dates, the transport loss on the Kandahar route and every input quantity are
illustrative, as are the order of seed for the next season, the count at the Herat farmer
field school and the expired flour put forward for writing off, each waiting for its next
step. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sunbula.core.demo import Log, persona_account
from sunbula.core.models import Currency, Organisation, Site
from sunbula.funding.models import Payment
from sunbula.supply import services
from sunbula.supply.models import (
    Commodity,
    ExpiryWriteOff,
    LossCause,
    LossStage,
    Lot,
    PurchaseOrder,
    StockCount,
    Waybill,
)
from sunbula.supply.reference import load_commodities
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine

D = datetime.date
BAG = Decimal(50)


# Flour lots by pledge reference; the centres they go to (illustrative split) and the bags.
FLOUR = [
    ("DEMO-FFH23-KAZ", "Kabul drug-treatment centre"),
    ("DEMO-FFH23-TJK", "Herat drug-treatment centre"),
    ("DEMO-FFH23-TKM", "Kandahar drug-treatment centre"),
    ("DEMO-FFH23-IFPA", "Herat drug-treatment centre"),
]
# 6 bags (300 kg of 13,000 kg, 2.3 %) damaged on the Kandahar road: flagged for review.
KANDAHAR_LOSS = Decimal(300)

# (lot, commodity, site, quantity, project pledge paying for it)
INPUTS = [
    (
        "DEMO-HERAT-SEED",
        "WHEAT-SEED",
        "Herat farmer field school",
        "15000",
        "DEMO-WHEAT-HERAT-IOFS",
    ),
    ("DEMO-HERAT-UREA", "UREA", "Herat farmer field school", "10000", "DEMO-WHEAT-HERAT-IOFS"),
    ("DEMO-HERAT-DAP", "DAP", "Herat farmer field school", "7500", "DEMO-WHEAT-HERAT-IOFS"),
    ("DEMO-HERAT-TOOLS", "TOOL-KIT", "Herat farmer field school", "300", "DEMO-WHEAT-HERAT-IOFS"),
    ("DEMO-LOGAR-SEED", "WHEAT-SEED", "Logar distribution point", "15000", "DEMO-WHEAT-LOGAR-IOFS"),
    ("DEMO-LOGAR-UREA", "UREA", "Logar distribution point", "10000", "DEMO-WHEAT-LOGAR-IOFS"),
    ("DEMO-LOGAR-DAP", "DAP", "Logar distribution point", "7500", "DEMO-WHEAT-LOGAR-IOFS"),
    ("DEMO-LOGAR-TOOLS", "TOOL-KIT", "Logar distribution point", "300", "DEMO-WHEAT-LOGAR-IOFS"),
]


def _site(name: str) -> Site:
    return Site.objects.get(name=name)


def _printed_expiry(commodity: Commodity, received_on: datetime.date) -> datetime.date | None:
    """The demo's goods carry the expiry of their commodity's usual shelf life."""
    if not commodity.shelf_life_days:
        return None
    return received_on + datetime.timedelta(days=commodity.shelf_life_days)


def load_flour(warehouse: Site) -> None:
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    transporter = Organisation.objects.filter(acronym="IOFS").first()
    for number, (reference, centre_name) in enumerate(FLOUR, start=1):
        lot = Lot.objects.filter(reference=f"{reference}-LOT").first()
        if lot is None:
            payment = Payment.objects.get(commitment__pledge__reference=reference)
            lot = services.lot_receive_contribution(
                actor=None,
                payment=payment,
                site=warehouse,
                received_on=D(2023, 5, 20),
                reference=f"GRN-FFH23-{number:02d}",
                commodity=flour,
                expires_on=_printed_expiry(flour, D(2023, 5, 20)),
                lot_reference=f"{reference}-LOT",
                batch=f"FFH-2023-{number:02d}",
            )
        waybill_number = f"WB-FFH23-{number:02d}"
        if Waybill.objects.filter(number=waybill_number).exists():
            continue
        quantity = lot.quantity_received
        centre = _site(centre_name)
        waybill = services.waybill_create(
            actor=None,
            origin=warehouse,
            destination=centre,
            transporter=transporter,
            number=waybill_number,
            lines=[LineInput(lot=lot, quantity=quantity, packages=int(quantity / BAG))],
            is_illustrative=True,
        )
        services.waybill_dispatch(actor=None, waybill=waybill, dispatched_on=D(2023, 6, 1))
        line = waybill.lines.get()
        kandahar = centre.name.startswith("Kandahar")
        services.waybill_receive(
            actor=None,
            waybill=waybill,
            received_on=D(2023, 6, 4 if kandahar else 2),
            lines=[
                ReceivedLine(
                    line=line,
                    received_quantity=quantity - KANDAHAR_LOSS if kandahar else quantity,
                    loss_cause=LossCause.TRANSPORT_DAMAGE if kandahar else "",
                    loss_stage=LossStage.BEFORE_CUSTODY if kandahar else "",
                )
            ],
        )
        if not kandahar:
            services.waybill_close(actor=None, waybill=waybill)


def load_inputs() -> None:
    for lot_reference, code, site_name, quantity, pledge_reference in INPUTS:
        if Lot.objects.filter(reference=lot_reference).exists():
            continue
        payment = Payment.objects.filter(commitment__pledge__reference=pledge_reference).first()
        services.lot_receive(
            actor=None,
            site=_site(site_name),
            commodity=Commodity.objects.get(code=code),
            quantity=Decimal(quantity),
            received_on=D(2024, 3, 20),
            expires_on=_printed_expiry(Commodity.objects.get(code=code), D(2024, 3, 20)),
            reference=f"GRN-{lot_reference}",
            payment=payment,
            lot_reference=lot_reference,
            is_illustrative=True,
        )


LOGISTICS_AFG = "logistics.afg@sunbula.example"
# Seed for the Logar growers' next season, bought through FAO with TIKA's cash: placed, the
# goods not yet received.
SEED_ORDER = "PO-DEMO-LOGAR-SEED-2024"


def load_seed_order() -> None:
    if PurchaseOrder.objects.filter(reference=SEED_ORDER).exists():
        return
    order = services.purchase_order_create(
        actor=None,
        reference=SEED_ORDER,
        is_illustrative=True,
        supplier=Organisation.objects.get(acronym="FAO"),
        payment=Payment.objects.get(commitment__pledge__reference="DEMO-WHEAT-LOGAR-TIKA"),
        commodity=Commodity.objects.get(code="WHEAT-SEED"),
        quantity=Decimal(10000),
        unit="kg",
        unit_price=Decimal("0.65"),
        currency=Currency.objects.get(code="USD"),
        ordered_on=D(2024, 9, 16),
        notes="Certified seed for the 2024–25 season.",
    )
    services.purchase_order_place(actor=None, order=order)


def load_count_and_write_off() -> None:
    """The logistics officer counted the seed at the Herat farmer field school before the
    spring distribution (a bag short of the book) and put forward the flour left at the Herat centre
    after its expiry; another person approves each."""
    logistics = persona_account(LOGISTICS_AFG)
    school = _site("Herat farmer field school")
    if not StockCount.objects.filter(site=school).exists():
        seed = Lot.objects.get(reference="DEMO-HERAT-SEED")
        services.stock_count_record(
            actor=logistics,
            site=school,
            counted_on=D(2024, 3, 31),
            reason="Count before the spring distribution",
            lines=[CountedLine(lot=seed, counted_quantity=Decimal(14950))],
        )
    centre = _site("Herat drug-treatment centre")
    if not ExpiryWriteOff.objects.filter(site=centre).exists():
        services.expiry_writeoff_request(
            actor=logistics,
            site=centre,
            lot=Lot.objects.get(reference="DEMO-FFH23-IFPA-LOT"),
            quantity=BAG,
        )


def load_supply_demo(log: Log) -> None:
    load_commodities()
    warehouse = _site("Kabul warehouse")
    for site in Site.objects.filter(
        name__in=[
            "Kabul warehouse",
            "Kabul drug-treatment centre",
            "Herat drug-treatment centre",
            "Kandahar drug-treatment centre",
            "Herat farmer field school",
            "Logar distribution point",
            "Almaty transit warehouse",
        ]
    ):
        if not hasattr(site, "stock_keeping"):
            capacity = Decimal(500000) if site.kind == Site.Kind.WAREHOUSE else Decimal(50000)
            services.stock_site_register(actor=None, site=site, capacity=capacity)
    load_flour(warehouse)
    load_inputs()
    load_seed_order()
    load_count_and_write_off()
    log("Supply: 68 t of Flour for Humanity flour to three centres; Herat and Logar inputs.")

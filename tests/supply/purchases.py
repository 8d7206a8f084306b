"""A cash pledge of Kazakhstan for Afghanistan, committed and paid, and wheat seed to buy with
it: state for the purchase tests, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sunbula.core import services as core_services
from sunbula.core.models import Currency, Organisation, User
from sunbula.funding import services as funding_services
from sunbula.funding.models import Commitment, Payment
from sunbula.supply import services
from sunbula.supply.models import Commodity, PurchaseOrder
from tests.conftest import World
from tests.supply.conftest import D


@dataclass
class Cash:
    seed: Commodity
    usd: Currency
    kzt: Currency
    supplier: Organisation
    commitment: Commitment
    payment: Payment


def seed_upsert() -> Commodity:
    return services.commodity_upsert(
        actor=None,
        code="WHEAT-SEED",
        name="Wheat seed",
        name_translations={"ar": "بذور القمح", "fr": "Semences de blé", "ru": "Семена пшеницы"},
        category="inputs",
        base_unit="kg",
        package_size=Decimal(50),
        package_name="50 kg bag",
    )


def make_cash(world: World, reference: str = "KAZ-CASH-2024") -> Cash:
    """10 000 USD pledged, 8 000 committed, 5 000 paid; a seed merchant of Kabul."""
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    kzt = core_services.currency_upsert(actor=None, code="KZT", name="Kazakhstani tenge")
    core_services.exchange_rate_record(
        actor=None, currency=kzt, valid_from=D(2024, 1, 1), units_per_usd=Decimal(450), source="NBK"
    )
    pledge = funding_services.pledge_record(
        actor=None,
        reference=reference,
        donor=world.kazakhstan_government,
        pledged_on=D(2024, 2, 1),
        currency=usd,
        amount=Decimal(10000),
        country=world.afghanistan,
        budget_year=2024,
    )
    commitment = funding_services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2024, 3, 1), amount=Decimal(8000)
    )
    payment = funding_services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2024, 3, 15),
        amount=Decimal(5000),
        currency=usd,
    )
    supplier = core_services.organisation_create(
        actor=None,
        name="Kabul Seed Company",
        kind="private",
        iati_type="70",
        country=world.afghanistan,
    )
    for site in (world.kabul_warehouse, world.almaty_warehouse):
        services.stock_site_register(actor=None, site=site, capacity=Decimal(100000))
    return Cash(seed_upsert(), usd, kzt, supplier, commitment, payment)


def make_order(cash: Cash, actor: User | None = None, **changes: object) -> PurchaseOrder:
    """Five tonnes of seed at 600 USD a tonne, ordered on the payment (unless `changes` say
    otherwise), a draft."""
    values: dict[str, object] = {
        "supplier": cash.supplier,
        "payment": cash.payment,
        "commodity": cash.seed,
        "quantity": Decimal(5),
        "unit": "t",
        "unit_price": Decimal(600),
        "currency": cash.usd,
        "ordered_on": D(2024, 4, 1),
        **changes,
    }
    return services.purchase_order_create(actor=actor, **values)  # type: ignore[arg-type]

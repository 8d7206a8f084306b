"""Every write to commodities, lots, the stock ledger, waybills and counts: atomic and audited.

Stock changes follow Saleor's pattern (saleor/warehouse/management.py): the balance rows a
change touches are locked with SELECT … FOR UPDATE in primary-key order, so two clerks never
deadlock and never both spend the same kilograms; quantities change with F() in the same
transaction as the movement that explains them.
"""

from __future__ import annotations

from sunbula.supply.services.commodities import (
    COMMODITY_DETAILS,
    COMMODITY_FIELDS,
    STOCK_SITE_FIELDS,
    CommodityFields,
    StockSiteFields,
    commodity_create,
    commodity_update,
    commodity_upsert,
    stock_site_register,
    stock_site_update,
)
from sunbula.supply.services.counts import (
    CountedLine,
    stock_count_approve,
    stock_count_record,
    stock_count_reject,
)
from sunbula.supply.services.expiry import (
    expiry_writeoff_approve,
    expiry_writeoff_request,
)
from sunbula.supply.services.ledger import (
    MOVEMENT_FIELDS,
    StockShort,
    stock_distribute,
    stock_distribute_many,
    stock_distribution_return,
    stock_loss_record,
)
from sunbula.supply.services.notices import STOCK_EXPIRING, stock_expiry_notify
from sunbula.supply.services.purchases import (
    PURCHASE_ORDER_FIELDS,
    PURCHASE_ORDER_GOODS,
    PurchaseOrderFields,
    PurchaseStateError,
    goods_receive,
    purchase_order_cancel,
    purchase_order_create,
    purchase_order_place,
    purchase_order_update,
)
from sunbula.supply.services.receipts import (
    KG_PER_UNIT,
    lot_receive,
    lot_receive_contribution,
)
from sunbula.supply.services.waybills import (
    LOSS_THRESHOLD,
    WAYBILL_FIELDS,
    ApprovalError,
    LineInput,
    ReceivedLine,
    WaybillFields,
    WaybillStateError,
    waybill_cancel,
    waybill_close,
    waybill_create,
    waybill_dispatch,
    waybill_loss_approve,
    waybill_receive,
    waybill_update,
)

__all__ = [
    "COMMODITY_DETAILS",
    "COMMODITY_FIELDS",
    "KG_PER_UNIT",
    "LOSS_THRESHOLD",
    "MOVEMENT_FIELDS",
    "PURCHASE_ORDER_FIELDS",
    "PURCHASE_ORDER_GOODS",
    "STOCK_EXPIRING",
    "STOCK_SITE_FIELDS",
    "WAYBILL_FIELDS",
    "ApprovalError",
    "CommodityFields",
    "CountedLine",
    "LineInput",
    "PurchaseOrderFields",
    "PurchaseStateError",
    "ReceivedLine",
    "StockShort",
    "StockSiteFields",
    "WaybillFields",
    "WaybillStateError",
    "commodity_create",
    "commodity_update",
    "commodity_upsert",
    "expiry_writeoff_approve",
    "expiry_writeoff_request",
    "goods_receive",
    "lot_receive",
    "lot_receive_contribution",
    "purchase_order_cancel",
    "purchase_order_create",
    "purchase_order_place",
    "purchase_order_update",
    "stock_count_approve",
    "stock_count_record",
    "stock_count_reject",
    "stock_distribute",
    "stock_distribute_many",
    "stock_distribution_return",
    "stock_expiry_notify",
    "stock_loss_record",
    "stock_site_register",
    "stock_site_update",
    "waybill_cancel",
    "waybill_close",
    "waybill_create",
    "waybill_dispatch",
    "waybill_loss_approve",
    "waybill_receive",
    "waybill_update",
]

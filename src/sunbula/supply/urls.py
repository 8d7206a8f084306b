from __future__ import annotations

from sunbula.core.views import record_paths, view_path
from sunbula.supply import views, views_losses, views_records

app_name = "supply"

urlpatterns = [
    view_path("", views.stock),
    view_path("balances/", views.balance_list),
    view_path("balances/<int:pk>/", views.stock_card),
    view_path("expiry/", views.expiry_alerts),
    view_path("losses/", views.losses),
    view_path("balances/<int:pk>/loss/", views_losses.stock_loss),
    view_path("balances/<int:pk>/write-off/", views_losses.writeoff_request),
    view_path("write-offs/", views_losses.writeoff_list),
    view_path("write-offs/<int:pk>/approve/", views_losses.writeoff_approve),
    view_path("losses/<int:pk>/approve/", views.loss_approve),
    view_path("waybills/", views.waybill_list),
    view_path("waybills/new/", views.waybill_create),
    view_path("waybills/<int:pk>/", views.waybill_detail),
    view_path("waybills/<int:pk>/print/", views.waybill_print),
    view_path("waybills/<int:pk>/grn/", views.grn_print),
    view_path("waybills/<int:pk>/waybill.pdf", views.waybill_pdf),
    view_path("waybills/<int:pk>/grn.pdf", views.grn_pdf),
    view_path("waybills/<int:pk>/dispatch/", views.waybill_dispatch),
    view_path("waybills/<int:pk>/receive/", views.waybill_receive),
    view_path("waybills/<int:pk>/close/", views.waybill_close),
    view_path("waybills/<int:pk>/edit/", views.waybill_edit),
    view_path("waybills/<int:pk>/cancel/", views.waybill_cancel),
    view_path("commodities/", views_records.commodity_list),
    view_path("commodities/new/", views_records.commodity_create),
    view_path("commodities/<int:pk>/", views_records.commodity_edit),
    view_path("sites/", views_records.stock_site_list),
    view_path("sites/new/", views_records.stock_site_create),
    view_path("sites/<int:pk>/", views_records.stock_site_edit),
    *record_paths("purchases/", "purchase_order", views_records),
    view_path("purchases/<int:pk>/place/", views_records.purchase_order_place),
    view_path("purchases/<int:pk>/cancel/", views_records.purchase_order_cancel),
    view_path("purchases/<int:pk>/receive/", views_records.purchase_order_receive),
    view_path("lots/<int:pk>/", views_records.lot_detail),
    view_path("pledges/<int:pk>/pipeline/", views.pledge_pipeline),
    view_path("contributions/", views.contribution_list),
    view_path("contributions/<int:pk>/receive/", views.contribution_receive),
    view_path("counts/", views.stock_count_list),
    view_path("counts/new/", views.stock_count_create),
    view_path("counts/<int:pk>/approve/", views.stock_count_approve),
    view_path("counts/<int:pk>/reject/", views.stock_count_reject),
]

from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths
from sunbula.supply import views, views_losses, views_records

app_name = "supply"

urlpatterns = [
    path("", views.stock, name="stock"),
    path("balances/", views.balance_list, name="balance_list"),
    path("balances/<int:pk>/", views.stock_card, name="stock_card"),
    path("expiry/", views.expiry_alerts, name="expiry_alerts"),
    path("losses/", views.losses, name="losses"),
    path("balances/<int:pk>/loss/", views_losses.stock_loss, name="stock_loss"),
    path("balances/<int:pk>/write-off/", views_losses.writeoff_request, name="writeoff_request"),
    path("write-offs/", views_losses.writeoff_list, name="writeoff_list"),
    path("write-offs/<int:pk>/approve/", views_losses.writeoff_approve, name="writeoff_approve"),
    path("losses/<int:pk>/approve/", views.loss_approve, name="loss_approve"),
    path("waybills/", views.waybill_list, name="waybill_list"),
    path("waybills/new/", views.waybill_create, name="waybill_create"),
    path("waybills/<int:pk>/", views.waybill_detail, name="waybill_detail"),
    path("waybills/<int:pk>/print/", views.waybill_print, name="waybill_print"),
    path("waybills/<int:pk>/grn/", views.grn_print, name="grn_print"),
    path("waybills/<int:pk>/waybill.pdf", views.waybill_pdf, name="waybill_pdf"),
    path("waybills/<int:pk>/grn.pdf", views.grn_pdf, name="grn_pdf"),
    path("waybills/<int:pk>/dispatch/", views.waybill_dispatch, name="waybill_dispatch"),
    path("waybills/<int:pk>/receive/", views.waybill_receive, name="waybill_receive"),
    path("waybills/<int:pk>/close/", views.waybill_close, name="waybill_close"),
    path("waybills/<int:pk>/edit/", views.waybill_edit, name="waybill_edit"),
    path("waybills/<int:pk>/cancel/", views.waybill_cancel, name="waybill_cancel"),
    path("commodities/", views_records.commodity_list, name="commodity_list"),
    path("commodities/new/", views_records.commodity_create, name="commodity_create"),
    path("commodities/<int:pk>/", views_records.commodity_edit, name="commodity_edit"),
    path("sites/", views_records.stock_site_list, name="stock_site_list"),
    path("sites/new/", views_records.stock_site_create, name="stock_site_create"),
    path("sites/<int:pk>/", views_records.stock_site_edit, name="stock_site_edit"),
    *record_paths("purchases/", "purchase_order", views_records),
    path(
        "purchases/<int:pk>/place/", views_records.purchase_order_place, name="purchase_order_place"
    ),
    path(
        "purchases/<int:pk>/cancel/",
        views_records.purchase_order_cancel,
        name="purchase_order_cancel",
    ),
    path(
        "purchases/<int:pk>/receive/",
        views_records.purchase_order_receive,
        name="purchase_order_receive",
    ),
    path("lots/<int:pk>/", views_records.lot_detail, name="lot_detail"),
    path("pledges/<int:pk>/pipeline/", views.pledge_pipeline, name="pledge_pipeline"),
    path("contributions/", views.contribution_list, name="contribution_list"),
    path(
        "contributions/<int:pk>/receive/",
        views.contribution_receive,
        name="contribution_receive",
    ),
    path("counts/", views.stock_count_list, name="stock_count_list"),
    path("counts/new/", views.stock_count_create, name="stock_count_create"),
    path("counts/<int:pk>/approve/", views.stock_count_approve, name="stock_count_approve"),
]

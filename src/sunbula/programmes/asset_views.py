"""Asset pages: the register of project assets and their maintenance visits."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sunbula.core import exports
from sunbula.core.access import reaches, require_permission, signed_in
from sunbula.core.exports import Column
from sunbula.core.figures import day
from sunbula.core.forms import ReasonForm
from sunbula.core.http import int_param
from sunbula.core.views import (
    VALIDATED_FORM,
    ListPage,
    form_page,
    form_save,
    posted,
    save_then_show,
    save_with,
)
from sunbula.programmes import selectors, services
from sunbula.programmes.access import fetch_asset, fetch_project, fetch_visit
from sunbula.programmes.asset_forms import AssetFilterForm, AssetForm, MaintenanceVisitForm
from sunbula.programmes.models import Asset
from sunbula.programmes.permissions import ProgrammePerm

# The page to register an asset or write about one.
ASSET_FORM = "programmes/asset_form.html"

ASSET_COLUMNS: tuple[Column[Asset], ...] = (
    Column(gettext_lazy("Name"), lambda asset: asset.local_name),
    Column(gettext_lazy("Kind"), exports.label(Asset, "kind")),
    Column(gettext_lazy("Status"), exports.label(Asset, "status")),
    Column(gettext_lazy("Project"), lambda asset: asset.project.code),
    Column(gettext_lazy("Site"), lambda asset: asset.site.local_name),
    Column(
        gettext_lazy("P-code"), lambda asset: asset.admin_area.p_code if asset.admin_area else ""
    ),
    Column(gettext_lazy("Country"), lambda asset: asset.site.country.local_name),
    Column(gettext_lazy("Funded by"), lambda asset: asset.funded_by or ""),
    Column(gettext_lazy("Value"), lambda asset: asset.value),
    Column(gettext_lazy("Currency"), lambda asset: asset.currency.code if asset.currency else ""),
    Column(gettext_lazy("Installed on"), lambda asset: asset.installed_on),
    Column(gettext_lazy("People served"), lambda asset: asset.people_served),
)


ASSET_LIST = ListPage(
    "programmes/asset_list.html", ASSET_COLUMNS, stem="assets", adding=ProgrammePerm.MANAGE_PROJECT
)


@require_GET
def asset_list(request: HttpRequest) -> HttpResponseBase:
    form = AssetFilterForm(request.GET, user=request.user)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    assets = selectors.asset_list(
        user=request.user,
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        country=filters.get("country"),
    )
    return ASSET_LIST.render(request, assets, {"form": form})


@require_GET
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = fetch_asset(request.user, pk)
    can_manage = reaches(request.user, ProgrammePerm.MANAGE_PROJECT, asset)
    return render(
        request,
        "programmes/asset_detail.html",
        {
            "asset": asset,
            "visits": selectors.asset_visits(asset=asset),
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
def asset_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    require_permission(actor, ProgrammePerm.MANAGE_PROJECT)
    initial: dict[str, Any] = {}
    project_id = int_param(request, "project")
    if project_id is not None:
        project = fetch_project(actor, project_id, write=ProgrammePerm.MANAGE_PROJECT)
        initial["project"] = project
    form = AssetForm(posted(request), initial=initial, user=actor)
    save = save_with(services.asset_register, actor=actor)
    context = {"title": _("Register an asset")}
    success = _("Asset registered.")
    return form_page(request, form, save, context, success=success, template=ASSET_FORM)


@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    asset = fetch_asset(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    # The form validates its own copy: the service compares the stored record with the change.
    form = AssetForm(posted(request), instance=fetch_asset(actor, pk), user=actor)
    save = save_with(services.asset_update, actor=actor, asset=asset)
    context = {"title": asset.local_name, "asset": asset}
    return form_page(request, form, save, context, template=ASSET_FORM)


@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    asset = fetch_asset(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = MaintenanceVisitForm(posted(request), initial={"status_after": asset.status})
    save = save_with(services.maintenance_visit_record, actor=actor, asset=asset)
    context = {"title": _("Record a maintenance visit"), "asset": asset}
    success = _("Visit recorded.")
    return form_page(request, form, save, context, success=success, template=ASSET_FORM)


@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a visit's date, visitor, finding or the status it found."""
    actor = signed_in(request.user)
    visit = fetch_visit(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    # The form validates its own copy: the service compares the stored record with the change.
    form = MaintenanceVisitForm(posted(request), instance=fetch_visit(actor, pk))
    save = save_with(services.maintenance_visit_update, actor=actor, visit=visit)
    context = {
        "title": _("Correct the visit of %(date)s") % {"date": day(visit.visited_on, html=False)},
        "asset": visit.asset,
    }
    success = _("The visit is corrected.")
    return form_page(request, form, save, context, success=success, template=ASSET_FORM)


@require_http_methods(["GET", "POST"])
def visit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a visit recorded by mistake (against the wrong asset, or never made), saying why."""
    actor = signed_in(request.user)
    visit = fetch_visit(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    then = visit.get_absolute_url()
    return form_save(
        request,
        ReasonForm(posted(request)),
        save_then_show(then, services.maintenance_visit_remove, actor=actor, visit=visit),
        VALIDATED_FORM,
        {
            "title": _("Remove the visit of %(date)s to %(asset)s")
            % {"date": day(visit.visited_on, html=False), "asset": visit.asset.local_name},
            "intro": _(
                "A visit recorded by mistake is removed; if it was the newest, the asset's "
                "status becomes what the visit before it found. The audit log keeps it and "
                "your reason."
            ),
            "submit": _("Remove the visit"),
        },
        success=_("The visit is removed."),
    )

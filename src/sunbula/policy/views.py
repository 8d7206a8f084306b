"""Policy pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import (
    AnyUser,
    fetch,
    has_permission,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.exports import Column
from sunbula.core.figures import number_text
from sunbula.core.forms import ReasonForm
from sunbula.core.views import (
    ListPage,
    form_page,
    form_save,
    import_page,
    paginate,
    parsed_filters,
    posted,
    posted_files,
    refused_page,
    run_step,
    save_then_show,
    save_with,
)
from sunbula.policy import selectors, services
from sunbula.policy.access import fetch_profile, fetch_profile_record
from sunbula.policy.forms import (
    CoordinatingBodyForm,
    DecisionForm,
    IndicatorFilterForm,
    IndicatorImportForm,
    LegalInstrumentForm,
    MapForm,
    ProfileCreateForm,
    ScoreForm,
    SnapshotForm,
    StrategyForm,
)
from sunbula.policy.models import (
    AssessmentFramework,
    CoordinatingBody,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ProfileStatus,
    ReportSnapshot,
    Strategy,
)
from sunbula.policy.permissions import PolicyPerm
from sunbula.policy.report import CORE_SERIES, render_report_pdf, report_context

# What each list page downloads: the columns it shows, in the same words.
PROFILE_COLUMNS: tuple[Column[PolicyProfile], ...] = (
    Column(gettext_lazy("Member state"), lambda profile: profile.country.local_name),
    Column(gettext_lazy("Status"), exports.label(PolicyProfile, "status")),
    Column(
        gettext_lazy("Validated"),
        lambda profile: timezone.localdate(profile.validated_at) if profile.validated_at else None,
    ),
)
INDICATOR_COLUMNS: tuple[Column[IndicatorValue], ...] = (
    Column(gettext_lazy("Country"), lambda value: value.country.local_name),
    Column(gettext_lazy("Series code"), lambda value: value.series_code),
    Column(gettext_lazy("Year"), lambda value: value.year),
    Column(capfirst(gettext_lazy("qualifier")), lambda value: value.qualifier),
    Column(gettext_lazy("Value"), lambda value: Decimal(value.value_text)),
    Column(gettext_lazy("Source"), lambda value: value.source),
    Column(gettext_lazy("Retrieved on"), lambda value: value.retrieved_on),
)
SNAPSHOT_COLUMNS: tuple[Column[ReportSnapshot], ...] = (
    Column(gettext_lazy("Snapshot of"), lambda snapshot: snapshot.taken_on),
    Column(gettext_lazy("Fingerprint"), lambda snapshot: snapshot.content_sha256),
)


PROFILE_LIST = ListPage("policy/profile_list.html", PROFILE_COLUMNS, stem="policy-profiles")


@require_GET
def profile_list(request: HttpRequest) -> HttpResponseBase:
    profiles = selectors.profiles_as_read(
        selectors.profile_list(user=request.user, status=request.GET.get("status", ""))
    )
    can_create = has_permission(request.user, PolicyPerm.EDIT_PROFILE)
    form = (
        ProfileCreateForm(countries=selectors.countries_without_profile(user=request.user))
        if can_create
        else None
    )
    return PROFILE_LIST.render(request, profiles, {"form": form, "statuses": ProfileStatus.choices})


@require_POST
def profile_create(request: HttpRequest) -> HttpResponse:
    """Start a profile; a refused one is shown on the list again, with why (422)."""
    countries = selectors.countries_without_profile(user=request.user)
    form = ProfileCreateForm(request.POST, countries=countries)
    profiles = selectors.profiles_as_read(selectors.profile_list(user=request.user))
    return form_save(
        request,
        form,
        save_with(services.profile_create, actor=signed_in(request.user)),
        PROFILE_LIST.template,
        {"page": paginate(request, profiles), "statuses": ProfileStatus.choices},
        success=_("Profile started."),
    )


@require_GET
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = fetch_profile(request.user, pk)
    country_id = profile.country_id
    can_edit = scope_for(request.user, PolicyPerm.EDIT_PROFILE).covers_country(country_id)
    return render(
        request,
        "policy/profile_detail.html",
        {
            "profile": profile,
            "strategies": profile.strategies.all(),
            "legal_instruments": profile.legal_instruments.select_related("amends", "repeals"),
            "coordinating_bodies": profile.coordinating_bodies.all(),
            "decisions": profile.decisions.all(),
            "indicators": selectors.indicator_list(user=request.user, country=profile.country.iso3),
            "can_edit": can_edit,
            # Only a draft is changed: its records' pages and the links to add more.
            "can_change": can_edit and not profile.change_problem(),
            "can_validate": country_id
            in (scope_for(request.user, PolicyPerm.VALIDATE_PROFILE).countries or ()),
            "can_publish": scope_for(request.user, PolicyPerm.PUBLISH_PROFILE).covers_country(
                country_id
            ),
            "record_kinds": RECORD_KINDS,
        },
    )


def _step(
    request: HttpRequest, pk: int, step: Callable[..., PolicyProfile], done: str
) -> HttpResponse:
    profile = fetch_profile(request.user, pk)
    return run_step(
        request, partial(step, actor=signed_in(request.user), profile=profile), done, profile
    )


@require_POST
def profile_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.profile_submit, _("Submitted to the focal point."))


@require_POST
def profile_validate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.profile_validate, _("Profile validated."))


@require_POST
def profile_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.profile_publish, _("Profile published."))


@require_POST
def profile_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.profile_reopen, _("Profile back to draft."))


RECORD_KINDS: dict[str, tuple[Any, Callable[..., Any]]] = {
    "strategy": (StrategyForm, services.strategy_add),
    "legal-instrument": (LegalInstrumentForm, services.legal_instrument_add),
    "coordinating-body": (CoordinatingBodyForm, services.coordinating_body_add),
    "decision": (DecisionForm, services.decision_add),
}


@require_http_methods(["GET", "POST"])
def record_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    profile = fetch_profile(request.user, pk, write=PolicyPerm.EDIT_PROFILE)
    if kind not in RECORD_KINDS:
        raise Http404
    form_class, add = RECORD_KINDS[kind]
    if problem := profile.change_problem():
        return refused_page(request, problem, 409, profile)
    extra = {"profile": profile} if form_class is LegalInstrumentForm else {}
    form = form_class(posted(request), **extra)
    save = save_then_show(profile, add, actor=signed_in(request.user), profile=profile)
    return form_save(
        request,
        form,
        save,
        "policy/record_form.html",
        {"profile": profile, "title": form_class.Meta.model._meta.verbose_name},
    )


class ProfileRecordKind(NamedTuple):
    """A kind of record a draft profile holds, as its pages change and remove it: the model,
    its form, the name its services give the record, and those services."""

    model: Any
    form: Any
    name: str
    update: Callable[..., Any]
    remove: Callable[..., None]


# The records of a profile that have pages to change and remove them, by their addresses' name.
EDITABLE_KINDS: dict[str, ProfileRecordKind] = {
    "strategy": ProfileRecordKind(
        Strategy, StrategyForm, "strategy", services.strategy_update, services.strategy_remove
    ),
    "legal-instrument": ProfileRecordKind(
        LegalInstrument,
        LegalInstrumentForm,
        "instrument",
        services.legal_instrument_update,
        services.legal_instrument_remove,
    ),
    "coordinating-body": ProfileRecordKind(
        CoordinatingBody,
        CoordinatingBodyForm,
        "coordinating_body",
        services.coordinating_body_update,
        services.coordinating_body_remove,
    ),
    "decision": ProfileRecordKind(
        PolicyDecision,
        DecisionForm,
        "decision",
        services.decision_update,
        services.decision_remove,
    ),
}


def _record_kind(kind: str) -> ProfileRecordKind:
    if kind not in EDITABLE_KINDS:
        raise Http404
    return EDITABLE_KINDS[kind]


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Change a record of a draft profile; afterwards, the profile."""
    model, form_class, name, update, _remove = _record_kind(kind)
    actor = signed_in(request.user)
    record = fetch_profile_record(model, actor, pk, write=PolicyPerm.EDIT_PROFILE)
    profile = record.profile
    if problem := profile.change_problem():
        return refused_page(request, problem, 409, profile)
    # The form checks its own copy: the service compares the record before and after.
    instance = fetch_profile_record(model, actor, pk)
    extra = {"profile": profile} if form_class is LegalInstrumentForm else {}
    form = form_class(posted(request), instance=instance, **extra)
    return form_save(
        request,
        form,
        save_then_show(profile, update, actor=actor, **{name: record}),
        "policy/record_form.html",
        {"profile": profile, "title": model._meta.verbose_name},
    )


@require_http_methods(["GET", "POST"])
def record_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove a record added to a draft profile in error, saying why; afterwards, the
    profile. A record that cannot go (the profile left the draft, another text amends the
    legal text) is refused on the profile's page with why (409)."""
    model, _form, name, _update, remove = _record_kind(kind)
    actor = signed_in(request.user)
    record = fetch_profile_record(model, actor, pk, write=PolicyPerm.EDIT_PROFILE)
    profile = record.profile
    if problem := selectors.record_removal_problem(record):
        return refused_page(request, problem, 409, profile)
    return form_page(
        request,
        ReasonForm(posted(request)),
        save_then_show(profile, remove, actor=actor, **{name: record}),
        {
            "record": record,
            "profile": profile,
            "kind": model._meta.verbose_name,
            "title": _("Remove “%(record)s” from the profile of %(country)s")
            % {"record": record.local_name, "country": profile.country.local_name},
            "intro": _(
                "A record added to the draft in error is removed from the profile; the audit "
                "log keeps it and your reason."
            ),
            "submit": _("Remove"),
        },
        success=_("Removed from the profile."),
        template="policy/record_remove.html",
    )


INDICATOR_LIST = ListPage("policy/indicator_list.html", INDICATOR_COLUMNS, stem="sdg2-indicators")


def _indicators(*, user: AnyUser, country: str = "", series: str = "") -> QuerySet[IndicatorValue]:
    """The values the list's filters name, by the names its links use (`?series=`)."""
    values = selectors.indicator_list(user=user, country=country, series_code=series)
    return selectors.indicators_as_read(values)


@require_GET
def indicator_list(request: HttpRequest) -> HttpResponseBase:
    can_import = has_permission(request.user, PolicyPerm.IMPORT_INDICATORS)
    form = IndicatorFilterForm(request.GET)
    return INDICATOR_LIST.filtered(request, form, _indicators, {"can_import": can_import})


@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, PolicyPerm.IMPORT_INDICATORS)
    form = IndicatorImportForm(
        posted(request),
        posted_files(request),
    )

    def read(values: dict[str, Any]) -> tuple[str, str]:
        countries = selectors.indicator_import_countries(user=request.user)
        result = services.indicator_values_import(
            actor=signed_in(request.user),
            content=values["file"],
            retrieved_on=values["retrieved_on"],
            source=values["source"],
            countries=list(countries),
        )
        # Two sentences, each counted in its own plural.
        imported = ngettext(
            "%(rows)s value imported.", "%(rows)s values imported.", result.rows
        ) % {"rows": number_text(result.rows)}
        aside = ngettext(
            "%(aside)s row broken down by sex or area left aside.",
            "%(aside)s rows broken down by sex or area left aside.",
            result.left_aside,
        ) % {"aside": number_text(result.left_aside)}
        done = f"{imported} {aside}"
        return done, "policy:indicator_list"

    return import_page(request, form, read, "policy/indicator_import.html")


@require_GET
def gap_list(request: HttpRequest) -> HttpResponse:
    return render(request, "policy/gap_list.html", {"gaps": selectors.gap_list(user=request.user)})


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "policy/framework_list.html",
        {
            "frameworks": selectors.framework_list(user=request.user),
            "can_manage": has_permission(request.user, PolicyPerm.MANAGE_ASSESSMENT),
        },
    )


@require_http_methods(["GET", "POST"])
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = fetch(AssessmentFramework, request.user, pk, perm=PolicyPerm.VIEW_PROFILE)
    scope = scope_for(request.user, PolicyPerm.MANAGE_ASSESSMENT)
    can_score = scope.every_country or bool(scope.countries)
    if request.method == "POST" and not can_score:
        raise PermissionDenied
    context = {
        "framework": framework,
        "criteria": framework.criteria.all(),
        "scores": selectors.score_list(user=request.user, framework=framework),
        "can_manage": has_permission(request.user, PolicyPerm.MANAGE_ASSESSMENT),
    }
    if not can_score:
        return render(request, "policy/framework_detail.html", {"form": None, **context})
    score = save_then_show(framework, services.score_record, actor=signed_in(request.user))
    form = ScoreForm(posted(request), framework=framework, scope=scope)
    return form_save(request, form, score, "policy/framework_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponseBase:
    snapshots = selectors.snapshot_list(user=request.user)
    if request.method == "GET" and exports.requested(request):
        return exports.download(request, snapshots, SNAPSHOT_COLUMNS, stem="policy-reports")
    context = {"page": paginate(request, snapshots)}
    if not has_permission(request.user, PolicyPerm.BUILD_REPORT):
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "policy/report_list.html", {"form": None, **context})
    take = save_with(services.report_snapshot_take, actor=signed_in(request.user))
    form = SnapshotForm(posted(request))
    return form_save(request, form, take, "policy/report_list.html", context)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = fetch(ReportSnapshot, request.user, pk, perm=PolicyPerm.VIEW_REPORT)
    return render(
        request,
        "policy/report_detail.html",
        {"snapshot": snapshot, **report_context(snapshot.content)},
    )


@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = fetch(ReportSnapshot, request.user, pk, perm=PolicyPerm.VIEW_REPORT)
    language = get_language() or "en"
    response = HttpResponse(
        render_report_pdf(snapshot.content, language), content_type="application/pdf"
    )
    filename = f"oic-food-security-policies-{snapshot.taken_on}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def member_state_map(request: HttpRequest) -> HttpResponse:
    form = MapForm(request.GET, choices=list(CORE_SERIES))
    series = parsed_filters(form).get("series") or CORE_SERIES[0][0]
    return render(
        request,
        "policy/member_state_map.html",
        {"form": form, "map": selectors.member_state_map(user=request.user, series_code=series)},
    )

"""Funding pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import (
    AnyUser,
    fetch,
    has_permission,
    may_open,
    reaches,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.chain import neighbours_of
from sunbula.core.exports import Column
from sunbula.core.figures import day
from sunbula.core.forms import ReasonForm
from sunbula.core.http import int_param
from sunbula.core.lists import joined
from sunbula.core.models import Organisation
from sunbula.core.views import (
    ListPage,
    figures_page,
    filters_refused,
    form_page,
    form_save,
    form_write,
    paginate,
    posted,
    save_then_show,
    save_with,
    valid_filters,
)
from sunbula.funding import selectors, services
from sunbula.funding.access import (
    fetch_appeal,
    fetch_commitment,
    fetch_conference,
    fetch_payment,
    fetch_pledge,
    fetch_requirement,
)
from sunbula.funding.commodities import (
    commodity_name,
    commodity_names,
    commodity_options,
    matching_option,
)
from sunbula.funding.forms import (
    AppealFilterForm,
    AppealForm,
    CancelForm,
    CommitmentForm,
    ConferenceFilterForm,
    ConferenceForm,
    PaymentEditForm,
    PaymentForm,
    PledgeEditForm,
    PledgeFilterForm,
    PledgeForm,
    RequirementFilterForm,
    RequirementForm,
    RevisionForm,
)
from sunbula.funding.models import CENT, Appeal, Commitment, DonorConference, Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.funding.selectors import Coverage
from sunbula.partners.access import visible_agreements
from sunbula.partners.models import Agreement
from sunbula.partners.permissions import PartnersPerm
from sunbula.programmes.permissions import ProgrammePerm

FTS_COLUMNS = (
    ("reference_code", "#activity+code"),
    ("status", "#status"),
    ("source_organisation", "#org+name+funder"),
    ("destination_organisation", "#org+name+impl"),
    ("destination_country", "#country+code"),
    ("destination_project", "#activity+project"),
    ("original_amount", "#value"),
    ("original_currency", "#currency"),
    ("exchange_rate", "#meta+exchange_rate"),
    ("amount_usd", "#value+usd"),
    ("contribution_type", "#modality"),
    ("decision_date", "#date"),
    ("budget_year", "#date+year"),
    ("earmarking", "#meta+earmarking"),
    ("parent_reference", "#activity+code+parent"),
)


def _in_cents(pledge: Pledge, total: str) -> Decimal:
    """A pledge's `total` (committed, paid) as the list adds it up, with the two places of the
    amount beside it: SQLite drops the trailing zeros of a sum."""
    summed: Decimal = getattr(pledge, total, Decimal(0))
    return summed.quantize(CENT)


# What each list page downloads: the columns it shows, in the same words.
CONFERENCE_COLUMNS: tuple[Column[DonorConference], ...] = (
    Column(gettext_lazy("Title"), lambda conference: conference.local_title),
    Column(capfirst(gettext_lazy("starts on")), lambda conference: conference.starts_on),
    Column(capfirst(gettext_lazy("ends on")), lambda conference: conference.ends_on),
    Column(gettext_lazy("Modality"), exports.label(DonorConference, "modality")),
    Column(
        gettext_lazy("Co-hosts"),
        lambda conference: joined(
            host.acronym or host.local_name for host in conference.co_hosts.all()
        ),
    ),
)
PLEDGE_COLUMNS: tuple[Column[Pledge], ...] = (
    Column(gettext_lazy("Reference"), lambda pledge: pledge.reference),
    Column(gettext_lazy("Donor"), lambda pledge: pledge.donor.local_name),
    Column(gettext_lazy("Year"), lambda pledge: pledge.budget_year),
    Column(gettext_lazy("Pledged"), lambda pledge: pledge.amount),
    Column(gettext_lazy("Currency"), lambda pledge: pledge.currency.code),
    Column(gettext_lazy("Committed"), lambda pledge: _in_cents(pledge, "committed")),
    Column(gettext_lazy("Paid"), lambda pledge: _in_cents(pledge, "paid")),
    Column(gettext_lazy("Converted"), selectors.share_converted),
    Column(gettext_lazy("Status"), exports.label(Pledge, "status")),
)


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    require_permission(user, FundingPerm.VIEW_FUNDING)
    return figures_page(
        request,
        "funding/overview.html",
        {
            "overview": partial(selectors.funding_overview, user=user),
            # The oldest, and one more to tell that there are more.
            "ageing": lambda: list(selectors.ageing_pledges(user=user, today=today)[:51]),
        },
        {"ageing_shown": 50, "ageing_days": settings.PLEDGE_AGEING_DAYS},
    )


CONFERENCE_LIST = ListPage(
    "funding/conference_list.html",
    CONFERENCE_COLUMNS,
    stem="conferences",
    adding=FundingPerm.MANAGE_CONFERENCE,
)


@require_GET
def conference_list(request: HttpRequest) -> HttpResponseBase:
    form = ConferenceFilterForm(request.GET, user=request.user)
    return CONFERENCE_LIST.filtered(request, form, selectors.conference_list)


def _add_page(
    request: HttpRequest,
    perm: str,
    form_class: Callable[..., forms.BaseForm],
    service: Callable[..., object],
    title: str,
    success: str,
) -> HttpResponse:
    """The page to add a conference, an appeal or a requirement, for those who hold `perm`;
    `service` records what the form gives."""
    actor = signed_in(request.user)
    require_permission(actor, perm)
    form = form_class(posted(request), user=actor)
    save = save_with(service, actor=actor)
    return form_page(request, form, save, {"title": title}, success=success)


def _edit_page(
    request: HttpRequest,
    perm: str,
    form_class: Callable[..., forms.BaseForm],
    record: tuple[Callable[..., Any], int, str],
    service: Callable[..., object],
    title: str,
    success: str,
) -> HttpResponse:
    """The page to change a conference, an appeal or a requirement, for those who hold `perm`
    in its country. `record`: the fetch-and-authorise helper, the record's id, and the name
    `service` takes it by; `service` records what the form gives."""
    fetch_record, pk, name = record
    actor = signed_in(request.user)
    stored = fetch_record(actor, pk, write=perm)
    # The form validates its own copy: the service compares the stored record with the change.
    form = form_class(posted(request), user=actor, instance=fetch_record(actor, pk))
    save = save_with(service, actor=actor, **{name: stored})
    return form_page(request, form, save, {"title": title}, success=success)


@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    perm = FundingPerm.MANAGE_CONFERENCE
    title, success = _("Add a donor conference"), _("Conference saved.")
    return _add_page(request, perm, ConferenceForm, services.conference_create, title, success)


@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    perm, record = FundingPerm.MANAGE_CONFERENCE, (fetch_conference, pk, "conference")
    title, success = _("Edit the conference"), _("Conference saved.")
    return _edit_page(
        request, perm, ConferenceForm, record, services.conference_update, title, success
    )


# Appeals and requirements


APPEAL_COLUMNS: tuple[Column[Appeal], ...] = (
    Column(gettext_lazy("Code"), lambda appeal: appeal.code),
    Column(gettext_lazy("Name"), lambda appeal: appeal.local_name),
    Column(gettext_lazy("Country"), lambda appeal: appeal.country.local_name),
    Column(gettext_lazy("Requirements"), lambda appeal: getattr(appeal, "requirement_count", 0)),
)


APPEAL_LIST = ListPage(
    "funding/appeal_list.html",
    APPEAL_COLUMNS,
    stem="appeals",
    adding=FundingPerm.MANAGE_REQUIREMENT,
)


@require_GET
def appeal_list(request: HttpRequest) -> HttpResponseBase:
    form = AppealFilterForm(request.GET, user=request.user)
    return APPEAL_LIST.filtered(request, form, selectors.appeal_list)


@require_GET
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = fetch_appeal(request.user, pk)
    return render(
        request,
        "funding/appeal_detail.html",
        {
            "appeal": appeal,
            "rows": selectors.requirement_coverage(user=request.user, appeal=appeal),
            "conferences": selectors.conference_list(user=request.user).filter(appeal=appeal),
            "can_edit": reaches(request.user, FundingPerm.MANAGE_REQUIREMENT, appeal),
        },
    )


@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest) -> HttpResponse:
    perm = FundingPerm.MANAGE_REQUIREMENT
    title, success = _("Add an appeal"), _("Appeal saved.")
    return _add_page(request, perm, AppealForm, services.appeal_create, title, success)


@require_http_methods(["GET", "POST"])
def appeal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    perm, record = FundingPerm.MANAGE_REQUIREMENT, (fetch_appeal, pk, "appeal")
    title, success = _("Edit the appeal"), _("Appeal saved.")
    return _edit_page(request, perm, AppealForm, record, services.appeal_update, title, success)


@require_http_methods(["GET", "POST"])
def requirement_create(request: HttpRequest) -> HttpResponse:
    perm = FundingPerm.MANAGE_REQUIREMENT
    title, success = _("Add a funding requirement"), _("Requirement saved.")
    initial = {"appeal": int_param(request, "appeal")}
    form_class = partial(RequirementForm, initial=initial)
    return _add_page(request, perm, form_class, services.requirement_create, title, success)


@require_http_methods(["GET", "POST"])
def requirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    perm, record = FundingPerm.MANAGE_REQUIREMENT, (fetch_requirement, pk, "requirement")
    title, success = _("Edit the funding requirement"), _("Requirement saved.")
    update = services.requirement_update
    return _edit_page(request, perm, RequirementForm, record, update, title, success)


# Pledges and payments corrected


@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    pledge = fetch_pledge(actor, pk, write=FundingPerm.RECORD_PLEDGE)
    form = PledgeEditForm(posted(request), user=actor, pledge=pledge)
    context = {
        "title": _("Correct pledge %(reference)s") % {"reference": pledge.reference},
        "intro": _("The pledge names “%(text)s”.") % {"text": pledge.commodity}
        if pledge.is_in_kind
        else "",
    }
    return form_page(
        request, form, save_with(services.pledge_update, actor=actor, pledge=pledge), context
    )


@require_GET
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment, with its pledge, payments and what came of them in the chain."""
    commitment = fetch_commitment(request.user, pk)
    return render(
        request,
        "funding/commitment_detail.html",
        {
            "commitment": commitment,
            "can_correct": reaches(request.user, FundingPerm.RECORD_PLEDGE, commitment),
            "neighbours": neighbours_of(request.user, commitment),
        },
    )


@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    commitment = fetch_commitment(actor, pk, write=FundingPerm.RECORD_PLEDGE)
    form = CommitmentForm(
        posted(request),
        agreements=_agreements_offered(actor),
        initial={
            "committed_on": commitment.committed_on,
            "amount": commitment.amount,
            "agreement": commitment.agreement,
            "quantity": commitment.quantity,
        },
    )
    if not commitment.pledge.is_in_kind:
        del form.fields["quantity"]
    context = {
        "title": _("Correct the commitment of %(date)s")
        % {"date": day(commitment.committed_on, html=False)}
    }
    return form_page(
        request,
        form,
        save_with(services.commitment_update, actor=actor, commitment=commitment),
        context,
    )


@require_http_methods(["GET", "POST"])
def commitment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    commitment = fetch_commitment(actor, pk, write=FundingPerm.RECORD_PLEDGE)
    pledge = commitment.pledge
    cancel = save_then_show(pledge, services.commitment_cancel, actor=actor, commitment=commitment)
    return form_save(
        request,
        ReasonForm(posted(request)),
        cancel,
        "core/validated_form.html",
        {
            "title": _("Cancel the commitment of %(date)s")
            % {"date": day(commitment.committed_on, html=False)},
            "intro": _(
                "A commitment recorded by mistake is withdrawn; the audit log keeps it. One "
                "with payments or purchase orders stays until they are cancelled."
            ),
            "submit": _("Cancel the commitment"),
        },
        success=_("Commitment cancelled."),
    )


@require_GET
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A payment, or an in-kind contribution, with its neighbours in the chain."""
    payment = fetch_payment(request.user, pk)
    return render(
        request,
        "funding/payment_detail.html",
        {
            "payment": payment,
            "pledge": payment.commitment.pledge,
            "commodity_name": commodity_name(payment.commitment.pledge.commodity),
            "can_correct": reaches(request.user, FundingPerm.RECORD_PLEDGE, payment),
            "neighbours": neighbours_of(request.user, payment),
        },
    )


@require_http_methods(["GET", "POST"])
def payment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    payment = fetch_payment(actor, pk, write=FundingPerm.RECORD_PLEDGE)
    form = PaymentEditForm(
        posted(request),
        initial={
            "paid_on": payment.paid_on,
            "amount": payment.amount,
            "quantity": payment.quantity,
        },
    )
    context = {
        "title": _("Correct the payment of %(date)s") % {"date": day(payment.paid_on, html=False)}
    }
    return form_page(
        request,
        form,
        lambda values: (
            services.payment_update(actor=actor, payment=payment, **values).commitment.pledge
        ),
        context,
    )


@require_http_methods(["GET", "POST"])
def payment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    payment = fetch_payment(actor, pk, write=FundingPerm.RECORD_PLEDGE)
    pledge = payment.commitment.pledge
    cancel = save_then_show(pledge, services.payment_cancel, actor=actor, payment=payment)
    return form_save(
        request,
        ReasonForm(posted(request)),
        cancel,
        "core/validated_form.html",
        {
            "title": _("Cancel the payment of %(date)s")
            % {"date": day(payment.paid_on, html=False)},
            "intro": _("A payment recorded by mistake is withdrawn; the audit log keeps it."),
            "submit": _("Cancel the payment"),
        },
        success=_("Payment cancelled."),
    )


def _conference_context(request: HttpRequest, conference: DonorConference) -> dict[str, Any]:
    return {
        "conference": conference,
        "totals": selectors.conference_totals(user=request.user, conference=conference),
        "can_capture": has_permission(request.user, FundingPerm.RECORD_PLEDGE),
        "can_publish": has_permission(request.user, FundingPerm.MANAGE_CONFERENCE),
    }


@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = fetch_conference(request.user, pk)
    return render(
        request, "funding/conference_detail.html", _conference_context(request, conference)
    )


@require_http_methods(["GET", "POST"])
def conference_capture(request: HttpRequest, pk: int) -> HttpResponse:
    """The pledging-day page: one keyboard-friendly form, totals that update in place."""
    conference = fetch_conference(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
    initial = {
        "pledged_on": conference.starts_on,
        "country": conference.country,
        "budget_year": conference.starts_on.year,
    }
    form = PledgeForm(posted(request), user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        refused = form_write(
            form,
            lambda: services.pledge_record(
                actor=signed_in(request.user), conference=conference, **form.values()
            ),
        )
        if refused is not None:
            status = refused
        else:
            form = PledgeForm(user=request.user, initial=initial)
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Pledge recorded."))
                return redirect("funding:conference_capture", pk=conference.pk)
    template = (
        "funding/_capture.html" if request.headers.get("HX-Request") else "funding/capture.html"
    )
    return render(
        request,
        template,
        {"form": form, **_conference_context(request, conference)},
        status=status,
    )


@require_POST
def conference_publish(request: HttpRequest, pk: int) -> HttpResponse:
    conference = fetch_conference(request.user, pk, write=FundingPerm.MANAGE_CONFERENCE)
    services.conference_publish_announcements(
        actor=signed_in(request.user),
        conference=conference,
        published=request.POST.get("published") == "1",
    )
    return redirect(conference)


@login_not_required
@require_GET
def announcements(request: HttpRequest, pk: int) -> HttpResponse:
    """Financial announcements: public once the organisers publish them, else for signed-in users."""
    conference = selectors.public_conference(conference_pk=pk)
    totals = selectors.published_announcements(conference_pk=pk)
    if conference is None or totals is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        conference = fetch_conference(request.user, pk)
        totals = selectors.conference_totals(
            user=request.user, conference=conference, announced_only=True
        )
    names = commodity_names(pledge.commodity for pledge in totals.pledges)
    return render(
        request,
        "funding/announcements.html",
        {"conference": conference, "totals": totals, "commodity_names": names},
    )


@require_GET
def pledge_list(request: HttpRequest) -> HttpResponseBase:
    form = PledgeFilterForm(request.GET, user=request.user)
    filters = valid_filters(form)
    pledges = selectors.pledge_list(
        user=request.user,
        search=filters.get("q", ""),
        country=filters.get("country"),
        status=filters.get("status", ""),
        contribution_type=filters.get("contribution_type", ""),
        year=filters.get("year"),
        conference=filters.get("conference"),
        project=filters.get("project"),
        programme=filters.get("programme"),
        destination=filters.get("destination", ""),
    )
    refused = filters_refused(request, form)
    if refused:
        pledges = pledges.none()
    elif exports.requested(request):
        return exports.download(request, pledges, PLEDGE_COLUMNS, stem="pledges")
    # The page shows a pledge's donor and currency: joining only them keeps its plan short.
    page = paginate(request, pledges.select_related(None).select_related("donor", "currency"))
    for pledge in page:
        pledge.share_converted = selectors.share_converted(pledge)
    return render(
        request,
        "funding/pledge_list.html",
        {
            "page": page,
            "form": form,
            "can_add": has_permission(request.user, FundingPerm.RECORD_PLEDGE),
        },
        status=400 if refused else 200,
    )


@require_http_methods(["GET", "POST"])
def pledge_create(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, FundingPerm.RECORD_PLEDGE)
    form = PledgeForm(posted(request), user=request.user)
    return form_save(
        request,
        form,
        lambda _cleaned: services.pledge_record(actor=signed_in(request.user), **form.values()),
        "funding/pledge_form.html",
        success=_("Pledge recorded."),
    )


def _detail(request: HttpRequest, pledge: Pledge, status: int = 200, **forms: Any) -> HttpResponse:
    chain = selectors.pledge_chain(user=request.user, pledge=pledge)
    can_edit = reaches(request.user, FundingPerm.RECORD_PLEDGE, pledge)
    commitments = Commitment.objects.none() if not can_edit else pledge.commitments.all()
    agreements = _agreements_offered(request.user)
    commodity = (
        matching_option(pledge.commodity, commodity_options()) if pledge.is_in_kind else None
    )
    context = {
        "chain": chain,
        "pledge": chain.pledge,
        "neighbours": neighbours_of(request.user, chain.pledge),
        "project_visible": may_open(request.user, ProgrammePerm.VIEW_PROJECT, pledge.project),
        "commodity_name": commodity.label if commodity else pledge.commodity,
        "commodity_unmatched": pledge.is_in_kind and commodity is None,
        "can_edit": can_edit and pledge.status == Pledge.Status.ACTIVE,
        # Offered while something is left to commit, or to show why a commitment was refused.
        "can_commit": can_edit
        and pledge.status == Pledge.Status.ACTIVE
        and (chain.outstanding > 0 or "commitment_form" in forms),
        "can_correct": can_edit,
        "can_pay": can_edit and bool(chain.commitments),
        "revision_form": forms.get("revision_form") or RevisionForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "commitment_form": forms.get("commitment_form") or CommitmentForm(agreements=agreements),
        "payment_form": forms.get("payment_form")
        or PaymentForm(
            commitments=commitments,
            currencies=selectors.currency_options(user=request.user),
            initial={"currency": pledge.currency.code},
        ),
    }
    return render(request, "funding/pledge_detail.html", context, status=status)


@require_GET
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(
        request,
        fetch_pledge(request.user, pk),
    )


def _write(
    request: HttpRequest, pledge: Pledge, form: Any, form_name: str, call: Any
) -> HttpResponse:
    """Run a service on a valid form; on refusal, show the pledge with the form's errors."""
    refusal = form_write(form, lambda: call(form.cleaned_data))
    if refusal is None:
        messages.success(request, _("Saved."))
        return redirect(pledge)
    return _detail(request, pledge, refusal, **{form_name: form})


@require_POST
def pledge_revise(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch_pledge(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
    save = save_with(services.pledge_revise, actor=signed_in(request.user), pledge=pledge)
    return _write(request, pledge, RevisionForm(request.POST), "revision_form", save)


@require_POST
def pledge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch_pledge(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
    save = save_with(services.pledge_cancel, actor=signed_in(request.user), pledge=pledge)
    return _write(request, pledge, CancelForm(request.POST), "cancel_form", save)


@require_POST
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch_pledge(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
    form = CommitmentForm(request.POST, agreements=_agreements_offered(request.user))
    save = save_with(services.commitment_record, actor=signed_in(request.user), pledge=pledge)
    return _write(request, pledge, form, "commitment_form", save)


@require_POST
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch_pledge(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
    form = PaymentForm(
        request.POST,
        commitments=pledge.commitments.all(),
        currencies=selectors.currency_options(user=request.user),
    )
    save = save_with(services.payment_record, actor=signed_in(request.user))
    return _write(request, pledge, form, "payment_form", save)


def _requirement_label(row: Coverage) -> str:
    requirement = row.requirement
    label = (
        requirement.project.code
        if requirement.project
        else requirement.programme.code
        if requirement.programme
        else requirement.country.local_name
    )
    return f"{label} · {requirement.appeal.code}" if requirement.appeal else label


REQUIREMENT_COLUMNS: tuple[Column[Coverage], ...] = (
    Column(gettext_lazy("Requirement"), _requirement_label),
    Column(gettext_lazy("Year"), lambda row: row.requirement.year),
    Column(gettext_lazy("Required (USD)"), lambda row: row.requirement.amount_usd),
    Column(gettext_lazy("Pledged, not counted (USD)"), lambda row: row.pledged_usd),
    Column(gettext_lazy("Committed (USD)"), lambda row: row.funded_usd),
    Column(gettext_lazy("Paid (USD)"), lambda row: row.paid_usd),
    Column(gettext_lazy("Coverage"), lambda row: row.coverage_percent),
    Column(gettext_lazy("Gap (USD)"), lambda row: row.gap_usd),
)


REQUIREMENT_LIST = ListPage(
    "funding/requirement_list.html",
    REQUIREMENT_COLUMNS,
    stem="requirements",
    adding=FundingPerm.MANAGE_REQUIREMENT,
)


@require_GET
def requirement_list(request: HttpRequest) -> HttpResponseBase:
    form = RequirementFilterForm(request.GET, user=request.user)
    return REQUIREMENT_LIST.filtered(request, form, selectors.requirement_coverage)


@require_GET
def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donor = fetch(Organisation, request.user, pk, perm=FundingPerm.VIEW_FUNDING)
    if not scope_for(request.user, FundingPerm.VIEW_FUNDING).covers_organisation(donor.pk):
        raise Http404  # a donor viewer reads its own organisation's money only
    pledges = selectors.donor_pledges(user=request.user, donor=donor)
    return render(
        request,
        "funding/donor_detail.html",
        {
            "donor": donor,
            "pledges": pledges,
            "by_conference": selectors.totals_by_conference(user=request.user, pledges=pledges),
        },
    )


@require_GET
def fts_flows_csv(request: HttpRequest) -> HttpResponse:
    """FTS-compatible flows with an HXL hashtag row under the header."""
    flows = selectors.fts_flows(user=request.user)
    table = exports.Table(
        [name for name, _tag in FTS_COLUMNS],
        (
            [
                flow.reference,
                flow.status,
                flow.source_organisation,
                flow.destination_organisation,
                flow.destination_country,
                flow.destination_project,
                flow.original_amount,
                flow.original_currency,
                # Plain notation: normalize() alone writes 470 as "4.7E+2".
                f"{flow.exchange_rate.normalize():f}",
                flow.amount_usd,
                "in kind" if flow.contribution_type == "in_kind" else "financial",
                flow.decision_date.isoformat(),
                flow.budget_year,
                flow.earmarking,
                flow.parent_reference,
            ]
            for flow in flows
        ),
        tags=[tag for _name, tag in FTS_COLUMNS],
    )
    return exports.table_response("csv", table, filename="fts-flows.csv")


def _agreements_offered(user: AnyUser) -> QuerySet[Agreement] | None:
    """The agreements a commitment may be formalised by, for a user who may read them."""
    if has_permission(user, PartnersPerm.VIEW_AGREEMENT):
        return visible_agreements(user)
    return None

"""Partnership pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from sunbula.core import exports
from sunbula.core.access import (
    AnyUser,
    fetch,
    has_permission,
    may_change,
    reaches,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.choices import item_labels
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import limit_countries_to_scope
from sunbula.core.lists import joined
from sunbula.core.models import User
from sunbula.core.views import (
    ListPage,
    add_or_change,
    form_errors_to,
    form_page,
    form_write,
    posted,
    refusal_text,
    refused_page,
    save_then_show,
    save_with,
)
from sunbula.partners import selectors, services
from sunbula.partners.access import (
    CHANGING_PARTNERS,
    fetch_agreement,
    fetch_engagement,
    fetch_focal_point,
    fetch_partner,
)
from sunbula.partners.forms import (
    ActivateForm,
    AgreementFilterForm,
    AgreementForm,
    DocumentForm,
    EngagementFilterForm,
    EngagementForm,
    FocalPointForm,
    FollowUpForm,
    FollowUpStatusForm,
    ObligationForm,
    ObligationStatusForm,
    PartnerFilterForm,
    PartnerForm,
    PartyForm,
    RenewForm,
    SignForm,
    TerminateForm,
)
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    DocumentVersion,
    Engagement,
    FocalPoint,
    FollowUpAction,
    Obligation,
    Partner,
    documents_root,
)
from sunbula.partners.permissions import PartnersPerm
from sunbula.partners.timeline import timeline_for

Status = Agreement.Status


def _names(organisations: Any) -> str:
    return joined(organisation.acronym or organisation.local_name for organisation in organisations)


def _items(partner: Partner, name: str) -> str:
    return item_labels(Partner._meta.get_field(name), getattr(partner, name))


# What each list page downloads: the columns it shows, in the same words.
PARTNER_COLUMNS: tuple[Column[Partner], ...] = (
    Column(gettext_lazy("Organisation"), lambda partner: partner.organisation.local_name),
    Column(gettext_lazy("Partnership roles"), lambda partner: _items(partner, "roles")),
    Column(gettext_lazy("Sectors"), lambda partner: _items(partner, "sectors")),
    Column(
        gettext_lazy("Countries of operation"),
        lambda partner: joined(country.local_name for country in partner.countries.all()),
    ),
)
AGREEMENT_COLUMNS: tuple[Column[Agreement], ...] = (
    Column(gettext_lazy("Title"), lambda agreement: agreement.local_title),
    Column(gettext_lazy("Kind"), exports.label(Agreement, "kind")),
    Column(gettext_lazy("Status"), exports.label(Agreement, "status")),
    Column(
        gettext_lazy("Parties"),
        lambda agreement: _names(party.organisation for party in agreement.parties.all()),
    ),
    Column(gettext_lazy("Signed on"), lambda agreement: agreement.signed_on),
    Column(gettext_lazy("Valid until"), lambda agreement: agreement.valid_until),
)
ENGAGEMENT_COLUMNS: tuple[Column[Engagement], ...] = (
    Column(gettext_lazy("Date"), lambda engagement: engagement.held_on),
    Column(gettext_lazy("Title"), lambda engagement: engagement.local_title),
    Column(gettext_lazy("Kind"), exports.label(Engagement, "kind")),
    Column(
        gettext_lazy("Place"),
        lambda engagement: " · ".join(
            part for part in (engagement.place, engagement.event) if part
        ),
    ),
    Column(
        gettext_lazy("Organisations"),
        lambda engagement: _names(engagement.organisations.all()),
    ),
)


PARTNER_LIST = ListPage(
    "partners/partner_list.html",
    PARTNER_COLUMNS,
    stem="partners",
    adding=PartnersPerm.MANAGE_PARTNER,
)
AGREEMENT_LIST = ListPage(
    "partners/agreement_list.html",
    AGREEMENT_COLUMNS,
    stem="agreements",
    adding=PartnersPerm.MANAGE_AGREEMENT,
)
ENGAGEMENT_LIST = ListPage(
    "partners/engagement_list.html",
    ENGAGEMENT_COLUMNS,
    stem="engagements",
    adding=PartnersPerm.MANAGE_ENGAGEMENT,
)


@require_GET
def partner_list(request: HttpRequest) -> HttpResponseBase:
    return PARTNER_LIST.filtered(request, PartnerFilterForm(request.GET), selectors.partner_list)


def _partner(request: HttpRequest, pk: int, *, write: bool = False) -> Partner:
    """The partner, to see or, with `write`, to change in a country the user manages
    partners in."""
    return fetch_partner(request.user, pk, write=PartnersPerm.MANAGE_PARTNER if write else None)


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_page(request, _partner(request, pk))


def _partner_page(
    request: HttpRequest,
    partner: Partner,
    status: int = 200,
    focal_point_form: FocalPointForm | None = None,
    *,
    removal_refused: tuple[int, str] | None = None,
) -> HttpResponse:
    """The partner's page; `focal_point_form`, when given, is a refused one, with why;
    `removal_refused`, the focal point (by id) whose removal was refused, and why."""
    can_edit = reaches(request.user, PartnersPerm.MANAGE_PARTNER, partner, rule=CHANGING_PARTNERS)
    if can_edit and focal_point_form is None:
        focal_point_form = FocalPointForm(initial={"organisation": partner.organisation})
    refused_id, refused_why = removal_refused or (None, "")
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "focal_points": selectors.focal_points(user=request.user, partner=partner),
            "timeline": timeline_for(request.user, partner.organisation),
            "records": selectors.partner_records(user=request.user, partner=partner),
            "can_edit": can_edit,
            # A country officer who made an international partner is told who looks after it.
            "changed_at_headquarters": not can_edit
            and partner.organisation.country_id is None
            and has_permission(request.user, PartnersPerm.MANAGE_PARTNER),
            "focal_point_form": focal_point_form if can_edit else None,
            "removal_refused_id": refused_id,
            "removal_refused": refused_why,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.partner_options(user=request.user)
    form = PartnerForm(posted(request), organisations=organisations)
    return form_page(
        request,
        form,
        lambda values: services.partner_create(actor=signed_in(request.user), **values),
        {"partner": None, "title": _("Add a partner")},
    )


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk, write=True)
    initial = {
        "roles": partner.roles,
        "sectors": partner.sectors,
        "countries": list(partner.countries.all()),
    }
    form = PartnerForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        lambda values: services.partner_update(
            actor=signed_in(request.user), partner=partner, **values
        ),
        {"partner": partner, "title": str(partner)},
    )


@require_POST
def focal_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk, write=True)
    form = FocalPointForm(request.POST)
    actor = signed_in(request.user)
    add = save_with(services.focal_point_add, actor=actor, partner=partner)
    if form_write(form, lambda: add(form.cleaned_data)) is None:
        return redirect(partner)
    return _partner_page(request, partner, 422, focal_point_form=form)


def _focal_point(request: HttpRequest, pk: int) -> FocalPoint:
    """The focal point, to change from the partner's country (as its partner is changed)."""
    return fetch_focal_point(request.user, pk, write=PartnersPerm.MANAGE_PARTNER)


@require_http_methods(["GET", "POST"])
def focal_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = _focal_point(request, pk)
    partner = focal_point.partner
    initial = {name: getattr(focal_point, name) for name in services.FOCAL_POINT_FIELDS}
    form = FocalPointForm(posted(request), initial=initial)
    update = save_then_show(
        partner,
        services.focal_point_update,
        actor=signed_in(request.user),
        focal_point=focal_point,
    )
    title = _("Correct a focal point of %(partner)s") % {"partner": partner.organisation.local_name}
    return form_page(request, form, update, {"focal_point": focal_point, "title": title})


@require_POST
def focal_point_remove(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = _focal_point(request, pk)
    partner = focal_point.partner
    try:
        services.focal_point_remove(actor=signed_in(request.user), focal_point=focal_point)
    except DomainError as in_use:
        refused = (focal_point.pk, str(in_use))
        return _partner_page(request, partner, in_use.status_code, removal_refused=refused)
    return redirect(partner)


# Agreements


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponseBase:
    form = AgreementFilterForm(request.GET)
    return AGREEMENT_LIST.filtered(request, form, selectors.agreement_list)


# Each step of the lifecycle: its form (None: nothing to ask) and the service it calls.
STEPS: dict[str, tuple[type[forms.Form] | None, Callable[..., Agreement]]] = {
    "negotiate": (None, services.agreement_open_negotiation),
    "sign": (SignForm, services.agreement_sign),
    "activate": (ActivateForm, services.agreement_activate),
    "renew": (RenewForm, services.agreement_renew),
    "expire": (None, services.agreement_expire),
    "terminate": (TerminateForm, services.agreement_terminate),
}
STEPS_FROM: dict[str, tuple[str, ...]] = {
    Status.EXPLORING: ("negotiate",),
    Status.NEGOTIATING: ("sign",),
    Status.SIGNED: ("activate", "terminate"),
    Status.ACTIVE: ("renew", "expire", "terminate"),
}
STEP_LABELS = {
    "negotiate": gettext_lazy("Open negotiation"),
    "sign": gettext_lazy("Record the signature"),
    "activate": gettext_lazy("Put into effect"),
    "renew": gettext_lazy("Renew"),
    "expire": gettext_lazy("Mark as expired"),
    "terminate": gettext_lazy("Terminate"),
}


def _owned_or_managed(request: HttpRequest, manage: str, rows: Iterable[Model]) -> set[int]:
    """The ids of the `rows` (obligations, follow-ups) whose status the user may set: as their
    owner or by `manage`, as the status view's fetch decides."""
    return {row.pk for row in rows if may_change(request.user, manage, row, owner="owner")}


def _agreement_page(
    request: HttpRequest,
    agreement: Agreement,
    status: int = 200,
    *,
    refused: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """The agreement's page; `refused` names a form posted from it (a step, `party_form`,
    `document_form`, `obligation_form`) that is shown again with why, in place of a blank one."""
    detail = selectors.agreement_detail(user=request.user, agreement=agreement)
    can_manage = reaches(request.user, PartnersPerm.MANAGE_AGREEMENT, agreement)
    name, refused_form = refused or ("", None)

    def form_for(form_name: str, form_class: Callable[[], forms.Form] | None) -> forms.Form | None:
        if form_name == name:
            return refused_form
        return form_class() if form_class and can_manage else None

    steps = [
        (step, STEP_LABELS[step], form_for(step, STEPS[step][0]))
        for step in STEPS_FROM.get(agreement.status, ())
    ]
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "detail": detail,
            "agreement": agreement,
            "can_manage": can_manage,
            "steps": steps if can_manage else [],
            "party_form": form_for("party_form", PartyForm),
            "document_form": form_for("document_form", DocumentForm),
            "obligation_form": form_for(
                "obligation_form",
                partial(ObligationForm, owners=selectors.obligation_owners(agreement=agreement)),
            ),
            "status_form": ObligationStatusForm(),
            "may_update": _owned_or_managed(
                request, PartnersPerm.MANAGE_AGREEMENT, detail.obligations
            ),
        },
        status=status,
    )


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_page(
        request,
        fetch_agreement(request.user, pk),
    )


@dataclass(frozen=True)
class _CountryRecordForm:
    """The page to add a record of a country (an agreement, an engagement) or to change one,
    for whoever manages such records there; the form offers only those countries."""

    name: str  # what the services and the page call the record
    form_class: type[forms.ModelForm[Any]]
    manage: str
    add_title: StrOrPromise
    create: Callable[..., Any]
    update: Callable[..., Any]

    def page(self, request: HttpRequest, record: Any | None, as_stored: Any | None) -> HttpResponse:
        """The page to add one (`record` None) or to change `record`; the form validates
        `as_stored`, a copy of the record of its own, because the service compares the record
        before and after."""
        actor = signed_in(request.user)
        form = self.form_class(posted(request), instance=as_stored)
        limit_countries_to_scope(form, scope_for(actor, self.manage))
        title = record.local_title if record else str(self.add_title)
        return add_or_change(
            request, form, self.name, record, self.create, self.update, title, in_place=True
        )


AGREEMENT_FORM = _CountryRecordForm(
    name="agreement",
    form_class=AgreementForm,
    manage=PartnersPerm.MANAGE_AGREEMENT,
    add_title=gettext_lazy("Add an agreement"),
    create=services.agreement_create,
    update=services.agreement_update,
)


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, PartnersPerm.MANAGE_AGREEMENT)
    return AGREEMENT_FORM.page(request, None, None)


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
    return AGREEMENT_FORM.page(request, agreement, fetch_agreement(request.user, pk))


def _form_refused(
    request: HttpRequest, agreement: Agreement, name: str, form: forms.Form
) -> HttpResponse:
    """The agreement's page as stored, with the form `name` shown again with why (422)."""
    return _agreement_page(
        request, fetch_agreement(request.user, agreement.pk), 422, refused=(name, form)
    )


def _agreement_part_add(
    request: HttpRequest,
    agreement: Agreement,
    name: str,
    form: forms.Form,
    service: Callable[..., object],
) -> HttpResponse:
    """Add a part of an agreement (a party, an obligation) with the form `name` posted from
    its page: `service` takes the form's values, or refuses them with why on the form."""
    add = save_with(service, actor=signed_in(request.user), agreement=agreement)
    if form_write(form, lambda: add(form.cleaned_data)) is not None:
        return _form_refused(request, agreement, name, form)
    return redirect(agreement)


@require_POST
def agreement_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the lifecycle; the service checks its rule and refuses with a reason."""
    agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
    if step not in STEPS:
        raise Http404
    form_class, service = STEPS[step]
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        return _form_refused(request, agreement, step, form)
    try:
        service(
            actor=signed_in(request.user),
            agreement=agreement,
            **(form.cleaned_data if form is not None else {}),
        )
    except DomainError as error:
        return refused_page(request, str(error), error.status_code, agreement)
    except ValidationError as error:
        if form is None:
            return refused_page(request, refusal_text(error), 422, agreement)
        form_errors_to(form, error)
        return _form_refused(request, agreement, step, form)
    messages.success(request, _("Saved."))
    return redirect(agreement)


@require_POST
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
    form = PartyForm(request.POST)
    add = services.agreement_party_add
    return _agreement_part_add(request, agreement, "party_form", form, add)


@require_POST
def party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    party = fetch(
        AgreementParty.objects.select_related("agreement"),
        request.user,
        pk,
        perm=PartnersPerm.VIEW_AGREEMENT,
        write=PartnersPerm.MANAGE_AGREEMENT,
    )
    agreement = party.agreement
    services.agreement_party_remove(actor=signed_in(request.user), party=party)
    return redirect(agreement)


@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
    form = DocumentForm(request.POST, request.FILES)
    upload = partial(document_store, actor=signed_in(request.user), agreement=agreement)
    if form_write(form, lambda: upload(form.cleaned_data)) is not None:
        return _form_refused(request, agreement, "document_form", form)
    messages.success(request, _("Saved."))
    return redirect(agreement)


def document_store(values: dict[str, Any], *, actor: User, agreement: Agreement) -> DocumentVersion:
    """The uploaded `file` of `values` stored as the next version of `agreement`'s document
    with their `title` (as the page's form and the API's body give them)."""
    file = values["file"]
    return services.document_upload(
        actor=actor,
        agreement=agreement,
        title=values["title"],
        filename=file.name or "",
        content=file,
        size=file.size or 0,
    )


def document_file(user: AnyUser, pk: int) -> FileResponse:
    """The document version's file, only to those who may see its agreement (to anyone else
    404, as for no such version); always as a download, streamed."""
    version = fetch(
        DocumentVersion.objects.select_related("document__agreement"),
        user,
        pk,
        perm=PartnersPerm.VIEW_AGREEMENT,
    )
    root = documents_root().resolve()
    path = (root / version.stored_name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    return document_file(request.user, pk)


@require_POST
def obligation_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
    form = ObligationForm(request.POST, owners=selectors.obligation_owners(agreement=agreement))
    add = services.obligation_add
    return _agreement_part_add(request, agreement, "obligation_form", form, add)


@require_POST
def obligation_status(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = fetch(
        Obligation.objects.select_related("agreement"),
        request.user,
        pk,
        perm=PartnersPerm.VIEW_AGREEMENT,
        write=PartnersPerm.MANAGE_AGREEMENT,
        owner="owner",
    )
    set_status = partial(services.obligation_set_status, obligation=obligation)
    _status_set(request, ObligationStatusForm(request.POST), set_status)
    return redirect(obligation.agreement)


def _status_set(request: HttpRequest, form: forms.Form, set_status: Callable[..., object]) -> None:
    """Give `set_status` (a service) the status `form` posts; one it does not offer changes
    nothing."""
    if form.is_valid():
        set_status(actor=signed_in(request.user), status=form.cleaned_data["status"])


@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/alerts.html", {"alerts": selectors.alerts(user=request.user)})


# Engagements


@require_GET
def engagement_list(request: HttpRequest) -> HttpResponseBase:
    form = EngagementFilterForm(request.GET)
    return ENGAGEMENT_LIST.filtered(request, form, selectors.engagement_list)


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _engagement_page(request, fetch_engagement(request.user, pk))


def _engagement_page(
    request: HttpRequest,
    engagement: Engagement,
    status: int = 200,
    follow_up_form: FollowUpForm | None = None,
) -> HttpResponse:
    """The engagement's page; `follow_up_form`, when given, is a refused one, with why."""
    can_manage = reaches(request.user, PartnersPerm.MANAGE_ENGAGEMENT, engagement)
    follow_ups = selectors.follow_ups_of(user=request.user, engagement=engagement)
    return render(
        request,
        "partners/engagement_detail.html",
        {
            "engagement": engagement,
            "organisations": engagement.organisations.all(),
            "follow_ups": follow_ups,
            "may_update": _owned_or_managed(request, PartnersPerm.MANAGE_ENGAGEMENT, follow_ups),
            "can_manage": can_manage,
            "follow_up_form": (
                (
                    follow_up_form
                    or FollowUpForm(owners=selectors.follow_up_owners(engagement=engagement))
                )
                if can_manage
                else None
            ),
            "status_form": FollowUpStatusForm(),
        },
        status=status,
    )


ENGAGEMENT_FORM = _CountryRecordForm(
    name="engagement",
    form_class=EngagementForm,
    manage=PartnersPerm.MANAGE_ENGAGEMENT,
    add_title=gettext_lazy("Add an engagement"),
    create=services.engagement_create,
    update=services.engagement_update,
)


@require_http_methods(["GET", "POST"])
def engagement_create(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, PartnersPerm.MANAGE_ENGAGEMENT)
    return ENGAGEMENT_FORM.page(request, None, None)


@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = fetch_engagement(request.user, pk, write=PartnersPerm.MANAGE_ENGAGEMENT)
    return ENGAGEMENT_FORM.page(request, engagement, fetch_engagement(request.user, pk))


@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement: Engagement = fetch_engagement(
        request.user, pk, write=PartnersPerm.MANAGE_ENGAGEMENT
    )
    form = FollowUpForm(request.POST, owners=selectors.follow_up_owners(engagement=engagement))
    add = save_with(services.follow_up_add, actor=signed_in(request.user), engagement=engagement)
    if form_write(form, lambda: add(form.cleaned_data)) is not None:
        return _engagement_page(request, engagement, 422, follow_up_form=form)
    return redirect(engagement)


@require_POST
def follow_up_status(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = fetch(
        FollowUpAction.objects.select_related("engagement"),
        request.user,
        pk,
        perm=PartnersPerm.VIEW_ENGAGEMENT,
        write=PartnersPerm.MANAGE_ENGAGEMENT,
        owner="owner",
    )
    set_status = partial(services.follow_up_set_status, follow_up=follow_up)
    _status_set(request, FollowUpStatusForm(request.POST), set_status)
    if request.POST.get("next") == "home":
        return redirect("core:home")
    return redirect(follow_up.engagement)

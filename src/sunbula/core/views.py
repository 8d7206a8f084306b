"""Core pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Page
from django.db import connection
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import URLPattern, get_script_prefix, path, resolve
from django.utils.datastructures import MultiValueDict
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView
from django.views.i18n import set_language as django_set_language

from sunbula.core import exports, pagination, search, selectors, services, signin
from sunbula.core.access import (
    AuthedRequest,
    fetch_notification,
    fetch_organisation,
    fetch_site,
    has_permission,
    reaches,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.chain import neighbours_of
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import (
    AuditFilterForm,
    LoginForm,
    MemberStateFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
    SiteFilterForm,
    SiteForm,
    TranslatedFieldsMixin,
    limit_countries_to_scope,
)
from sunbula.core.http import LengthNotANumber, form_limit_refusal, search_param
from sunbula.core.imports import FileRefused, ImportRefused
from sunbula.core.middleware import SELF_AUTHENTICATING
from sunbula.core.models import AuditEntry, MemberState, Organisation, Site, User
from sunbula.core.multilingual import ReadInReadingOrder, in_reading_order
from sunbula.core.notifications import notice_kinds
from sunbula.core.permissions import Perm
from sunbula.core.plugins import (
    panels_for,
    public_panels,
    record_link_groups,
    record_links,
    tiles_for,
)
from sunbula.core.scoping import BY_COUNTRY

PAGE_SIZE = 25

# What each list page downloads: the columns it shows, in the same words.
ORGANISATION_COLUMNS: tuple[Column[Organisation], ...] = (
    Column(gettext_lazy("Name"), lambda organisation: organisation.local_name),
    Column(gettext_lazy("Acronym"), lambda organisation: organisation.acronym),
    Column(gettext_lazy("Kind"), exports.label(Organisation, "kind")),
    Column(
        gettext_lazy("Country"),
        lambda organisation: organisation.country or _("International"),
    ),
    Column(gettext_lazy("IATI identifier"), lambda organisation: organisation.iati_identifier),
)
MEMBER_STATE_COLUMNS: tuple[Column[MemberState], ...] = (
    Column(gettext_lazy("Country"), lambda state: state.country.local_name),
    Column(gettext_lazy("ISO code"), lambda state: state.country.iso3),
    Column(gettext_lazy("OIC status"), exports.label(MemberState, "oic_status")),
    Column(
        gettext_lazy("IOFS membership"),
        lambda state: (
            state.get_iofs_membership_display()
            + (f" ({state.iofs_member_since:%Y})" if state.iofs_member_since else "")
        ),
    ),
)
SITE_COLUMNS: tuple[Column[Site], ...] = (
    Column(gettext_lazy("Name"), lambda site: site.local_name),
    Column(gettext_lazy("Kind"), exports.label(Site, "kind")),
    Column(
        gettext_lazy("Admin area"),
        lambda site: (
            f"{site.admin_area.local_name} {site.admin_area.p_code}" if site.admin_area else ""
        ),
    ),
    Column(gettext_lazy("Country"), lambda site: site.country.local_name),
    Column(gettext_lazy("Operated by"), lambda site: site.operating_organisation or ""),
)
AUDIT_COLUMNS: tuple[Column[AuditEntry], ...] = (
    Column(gettext_lazy("Time"), lambda entry: entry.created_at),
    Column(gettext_lazy("Actor"), lambda entry: entry.actor_email or _("system")),
    Column(gettext_lazy("Action"), lambda entry: entry.action),
    Column(pgettext_lazy("noun", "Record"), lambda entry: entry.object_repr),
    Column(capfirst(gettext_lazy("before")), lambda entry: _json(entry.before)),
    Column(capfirst(gettext_lazy("after")), lambda entry: _json(entry.after)),
    Column(gettext_lazy("Request"), lambda entry: entry.request_id),
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else ""


def posted(request: HttpRequest) -> QueryDict | None:
    """What a page's form is bound to: the POST, even one that sends no field at all (the form
    then names every field it misses), or nothing on a GET (the form is shown empty)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile[Any]] | None:
    """The files sent with a POST, as `posted` gives its fields."""
    return request.FILES if request.method == "POST" else None


def paginate(
    request: HttpRequest, records: QuerySet[Any] | Sequence[Any], per_page: int = PAGE_SIZE
) -> Page[Any]:
    """The page of `records` that `?page=` asks for (the last one past the end), read by the
    sort key its link carries (`?after=`, `?before=`) and counted up to a cap (pagination)."""
    return pagination.page_of(request.GET, records, per_page)


def parsed_filters(form: forms.Form) -> dict[str, Any]:
    """The choices that parse, for a page that falls back to its default for one that does
    not (a map's measure). On a list page, a filter that does not parse refuses the page
    (`filters_refused`) whichever of this and `valid_filters` read it."""
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))


def valid_filters(form: forms.Form) -> dict[str, Any]:
    """The filters of a list page when every one of them parses, else none: the page then
    lists no rows and answers 400 (`filters_refused`)."""
    return form.cleaned_data if form.is_valid() else {}


def filters_refused(request: HttpRequest, form: object) -> bool:
    """Whether `form` holds a list page's filters (a form bound to its query string) and one
    of them does not parse. Such a page lists no rows, offers no download, answers 400 and
    shows the error on the filter (core/_filters.html): showing every row instead would let
    the reader believe the filter applied."""
    return (
        isinstance(form, forms.BaseForm)
        and form.is_bound
        and form.data is request.GET
        and not form.is_valid()
    )


def list_page(
    request: HttpRequest,
    records: QuerySet[Any] | Sequence[Any],
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    columns: Sequence[Column[Any]],
    stem: str,
    per_page: int = PAGE_SIZE,
) -> HttpResponseBase:
    """A list page: the rows it shows as a CSV or XLSX download when asked, else one page.
    Filters (the context's `form`) that do not parse list no rows (`filters_refused`)."""
    status = 200
    if filters_refused(request, (context or {}).get("form")):
        records, status = (records.none() if isinstance(records, QuerySet) else []), 400
    elif exports.requested(request):
        return exports.download(request, records, columns, stem=stem)
    page = paginate(request, records, per_page)
    return render(request, template, {"page": page, **(context or {})}, status=status)


@dataclass(frozen=True)
class ListPage:
    """A list page: the template that shows one page of its rows, and the columns and file
    name (`stem`) of the same rows as a CSV or XLSX download. With `adding`, the permission
    to add such a record, the page offers to add one (`can_add`) to whoever holds it."""

    template: str
    columns: Sequence[Column[Any]]
    stem: str
    adding: str = ""

    def render(
        self,
        request: HttpRequest,
        records: QuerySet[Any] | Sequence[Any],
        context: Mapping[str, Any] | None = None,
    ) -> HttpResponseBase:
        """The rows as a download when asked, else one page of them (list_page)."""
        if self.adding:
            context = {"can_add": has_permission(request.user, self.adding), **(context or {})}
        return list_page(
            request, records, self.template, context, columns=self.columns, stem=self.stem
        )

    def filtered(
        self,
        request: HttpRequest,
        form: forms.Form,
        listed: Callable[..., QuerySet[Any] | Sequence[Any]],
        context: Mapping[str, Any] | None = None,
    ) -> HttpResponseBase:
        """The rows `listed` (a selector) gives the reader for the filters of `form`, bound to
        the query string: each filter by its field's name, the search box (`q`) as `search`.
        The page holds the form as `form`, beside `context`."""
        filters = {
            "search" if name == "q" else name: value for name, value in valid_filters(form).items()
        }
        records = listed(user=request.user, **filters)
        return self.render(request, records, {"form": form, **(context or {})})


# How long a page of figures stays cached at most: the cache key changes with every write
# (selectors.last_change), so this bounds only what time alone changes (a pledge's age).
FIGURES_SECONDS = 300


def figures_page(
    request: HttpRequest,
    template: str,
    figures: Mapping[str, Callable[[], Any]],
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A dashboard: each of `figures` is worked out only when the template's fragment
    `{% cache figures_seconds "<name>" figures_key %}` is not cached. The key holds the user,
    their session (a form's CSRF token in the fragment stays valid), the language and the
    newest audit entry."""
    session = getattr(request, "session", None)
    key = ".".join(
        (
            str(request.user.pk),
            str(session.session_key if session is not None else ""),
            get_language(),
            str(selectors.last_change()),
        )
    )
    return render(
        request,
        template,
        {
            **{name: SimpleLazyObject(compute) for name, compute in figures.items()},
            "figures_key": key,
            "figures_seconds": FIGURES_SECONDS,
            **(context or {}),
        },
    )


def form_errors_to(
    form: forms.BaseForm | forms.BaseFormSet[Any],
    error: ValidationError | DomainError,
    field_for: Mapping[str, str] | None = None,
) -> None:
    """Put a service's refusal on the form, on the field it is about where it names one (a
    ValidationError field by field, a DomainError by its `field`), anything else above the
    fields; on a formset, above its forms. `field_for` names the form's field for a service's
    input where they differ (the desk asks for a beneficiary's reference, the service is
    given its entitlement)."""
    if isinstance(form, forms.BaseFormSet):
        form._non_form_errors = form.error_class(  # type: ignore[attr-defined]
            error.messages if isinstance(error, ValidationError) else [str(error)],
            error_class="nonform",
        )
        return
    names = field_for or {}
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            on = names.get(field, field)
            form.add_error(on if on in form.fields else None, field_errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    elif error.field is not None and (on := names.get(error.field, error.field)) in form.fields:
        form.add_error(on, str(error))
    else:
        form.add_error(None, str(error))


def form_write(
    form: forms.BaseForm | forms.BaseFormSet[Any], write: Callable[[], object]
) -> int | None:
    """Validate `form` (a form or a formset) and, when it holds, run `write` (a service given
    its values). None once written; else why not is on the form (`form_errors_to`) and this is
    the status of the refusal: 422 for a form that does not validate or input the service
    refuses, a domain error's own status otherwise (409 when the record's state refuses it)."""
    if not form.is_valid():
        return 422
    try:
        write()
    except (ValidationError, DomainError) as refused:
        form_errors_to(form, refused)
        return refused.status_code if isinstance(refused, DomainError) else 422
    return None


def checked_in_place(
    request: HttpRequest, form: forms.BaseForm, partial: str, context: Mapping[str, Any]
) -> HttpResponse | None:
    """htmx's in-place check of a form (`?validate=1`): its problems, rendered in `partial`,
    with nothing written; None for any other request. Each input is marked to stay as the
    person is typing it when the answer is swapped in."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("hx-preserve", "true")
    if request.method != "POST" or not request.GET.get("validate"):
        return None
    form.is_valid()
    return render(request, partial, {"form": form, **context})


def form_save(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    success: str | None = None,
    partial: str | None = None,
    field_for: Mapping[str, str] | None = None,
) -> HttpResponse:
    """GET shows the form; POST validates it, runs `save` (a service) with its values and
    goes to the record it returns; a refused write shows the form with why (422), on the
    field it is about (`form_errors_to`, with `field_for`).

    htmx's `?validate=1`, sent as the person fills the form in, checks it and writes nothing:
    the answer is `partial`, or the whole page where the view names none (htmx takes the
    form's checked part from it).
    """
    context = {"form": form, **(context or {})}
    if checked := checked_in_place(request, form, partial or template, context):
        return checked
    if request.method == "POST" and form.is_valid():
        values = (
            form.translated_values()
            if isinstance(form, TranslatedFieldsMixin)
            else dict(form.cleaned_data)
        )
        try:
            record = save(values)
        except (ValidationError, DomainError) as refused:
            form_errors_to(form, refused, field_for)
        else:
            messages.success(request, success or _("Saved."))
            return redirect(record)
    status = 422 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# The shared page to add or change a record, and its form alone for htmx's in-place check.
VALIDATED_FORM = "core/validated_form.html"
VALIDATED_FORM_PARTIAL = "core/_validated_form.html"


def save_with(service: Callable[..., Any], **fixed: Any) -> Callable[[dict[str, Any]], Any]:
    """What `form_save` runs: `service` called with the form's values and the `fixed`
    arguments (the actor, the record being changed)."""

    def save(values: dict[str, Any]) -> Any:
        return service(**fixed, **values)

    return save


def save_then_show(
    record: Any, service: Callable[..., Any], **fixed: Any
) -> Callable[[dict[str, Any]], Any]:
    """What `form_save` runs when the page to show afterwards is not what `service` returns
    (an event, once one of its sessions is added): `service` called with the form's values
    and the `fixed` arguments, then `record` (what `redirect` takes)."""

    def save(values: dict[str, Any]) -> Any:
        service(**fixed, **values)
        return record

    return save


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    context: Mapping[str, Any],
    *,
    success: str | None = None,
    template: str = VALIDATED_FORM,
    partial: str = VALIDATED_FORM_PARTIAL,
    field_for: Mapping[str, str] | None = None,
) -> HttpResponse:
    """`form_save` on a page to add or change a record (the shared one unless `template`
    names another), which htmx checks in place in `partial` as the person types."""
    return form_save(
        request,
        form,
        save,
        template,
        context,
        success=success,
        partial=partial,
        field_for=field_for,
    )


# The page to add or change a record in the site's layout, without checking it in place.
RECORD_FORM = "core/record_form.html"


def add_or_change(
    request: HttpRequest,
    form: forms.BaseForm,
    name: str,
    record: Any | None,
    create: Callable[..., Any],
    update: Callable[..., Any],
    title: str,
    *,
    in_place: bool = False,
) -> HttpResponse:
    """`form_save` on the page to add a record (`record` None: the service `create` takes
    the form's values) or to change `record` (the service `update` takes them and the
    record, as `name`), each with the actor. The page holds the record as `name`, and
    `title`; `in_place`: the shared page that htmx checks as the person types (`form_page`)."""
    actor = signed_in(request.user)
    save = (
        save_with(update, actor=actor, **{name: record})
        if record is not None
        else save_with(create, actor=actor)
    )
    context = {name: record, "title": title}
    if in_place:
        return form_page(request, form, save, context)
    return form_save(request, form, save, RECORD_FORM, context)


def import_page(
    request: HttpRequest,
    form: forms.BaseForm,
    read: Callable[[dict[str, Any]], tuple[str, Any]],
    template: str,
) -> HttpResponse:
    """The page to import a file: a valid POST gives the form's values to `read` (an import
    service), which returns what it did, as a message, and where to go next (what `redirect`
    takes). A file refused for its rows shows the rows to correct (`errors`); one that cannot
    be read says why on the form's `file` field."""
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            done, next_page = read(dict(form.cleaned_data))
        except ImportRefused as rejected:
            messages.error(request, str(rejected))
            errors = list(rejected.errors)
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(request, done)
            return redirect(next_page)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "errors": errors}, status=status)


def refusal_text(refused: ValidationError | DomainError) -> str:
    """What a service's refusal says, as one line for a message on the page."""
    return " ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)


def page_again(request: HttpRequest, status: int, *back_to: Any) -> HttpResponse:
    """The page `back_to` names (what `redirect` takes), drawn as a GET to it would draw it,
    answering `status`: a refused step shows the record's page with why, the messages added
    before among it, rather than a redirect that would answer the refusal 302."""
    address = urlsplit(resolve_url(*back_to))
    match = resolve(address.path)
    page = copy.copy(request)
    page.method = "GET"
    page.GET = QueryDict(address.query)
    page.POST = QueryDict()
    page.path = address.path
    page.path_info = "/" + address.path.removeprefix(get_script_prefix())
    page.resolver_match = match
    response: HttpResponse = match.func(page, *match.args, **match.kwargs)
    response.status_code = status
    return response


def refused_page(request: HttpRequest, why: str, status: int, *back_to: Any) -> HttpResponse:
    """The page `back_to` names again (`page_again`) with why a change to its record was
    refused; a record whose state refuses a form answers this instead of showing the form."""
    messages.error(request, why)
    return page_again(request, status, *back_to)


def run_step(
    request: HttpRequest, step: Callable[[], object], done: str, *back_to: Any
) -> HttpResponse:
    """Run one step in a record's life (a service call) posted from the page `back_to` names
    (what `redirect` takes: a record, or a URL name and its arguments): success says `done`
    and goes back to it; a refusal shows that page again with why, answering as the API
    does: 422 for input that does not hold, the domain error's own status (409 when the
    record's state refuses the step) otherwise."""
    try:
        step()
    except (ValidationError, DomainError) as refused:
        status = refused.status_code if isinstance(refused, DomainError) else 422
        return refused_page(request, refusal_text(refused), status, *back_to)
    messages.success(request, done)
    return redirect(*back_to)


def run_form_step(
    request: HttpRequest,
    form: forms.BaseForm,
    invalid: str,
    step: Callable[[dict[str, Any]], object],
    done: str,
    *back_to: Any,
) -> HttpResponse:
    """`run_step` for a small form posted from a record's page: a form that does not
    validate shows the page again with the message `invalid` (422); a valid one runs `step`
    with its values."""
    if not form.is_valid():
        messages.error(request, invalid)
        return page_again(request, 422, *back_to)
    return run_step(request, lambda: step(form.cleaned_data), done, *back_to)


def view_path(route: str, view: Callable[..., HttpResponseBase]) -> URLPattern:
    """The address of a page, named as its view is."""
    return path(route, view, name=view.__name__)


def record_paths(
    route: str, kind: str, views: ModuleType, forms_in: ModuleType | None = None
) -> list[URLPattern]:
    """The four pages of a kind of record under `route`: its list, the form to add one, one
    record's page and the form to change it, named `<kind>_list`, `<kind>_create`,
    `<kind>_detail` and `<kind>_edit` in `views` (the two forms in `forms_in` when given)."""
    forms_views = forms_in or views
    return [
        view_path(route, getattr(views, f"{kind}_list")),
        view_path(f"{route}new/", getattr(forms_views, f"{kind}_create")),
        view_path(f"{route}<int:pk>/", getattr(views, f"{kind}_detail")),
        view_path(f"{route}<int:pk>/edit/", getattr(forms_views, f"{kind}_edit")),
    ]


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "error",
            "database": database,
            "engine": connection.vendor,
        },
        status=status,
    )


class RefusedFormIs422(FormView[Any]):
    """For Django's class-based form views (the password pages): a refused form is shown
    again with why, answered 422 as every form page of Sunbula answers it (`form_page`)."""

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


def sign_in(request: HttpRequest, user: User, *, then: str) -> HttpResponse:
    """Sign in `user`, who has just given their password, and go to `then`: the sign-in is
    audited and ends the account's count of failures at this address, the session notes what
    it still owes (a code, or setting up a second factor, asked before any page by
    core.middleware.SecondFactorMiddleware), and the interface turns to the user's language."""
    services.sign_in_record(user=user, address=signin.client_address(request))
    auth_login(request, user)
    signin.session_begin(request.session, user)
    response = HttpResponseRedirect(then)
    if user.preferred_language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax")
    return response


class LoginView(auth_views.LoginView):
    """Sign in by e-mail; repeated failures lock the account at that address, or the address,
    for a while (core.signin). A second factor, where the account has or needs one, is asked
    next (core.middleware.SecondFactorMiddleware)."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("username", "").strip().lower()
        if email and signin.sign_in_locked(email=email, address=signin.client_address(request)):
            # Refuse before checking the password, so a locked account cannot be probed.
            form = self.form_class(request, initial={"username": email})
            locked = _("Too many failed attempts. Try again in %(minutes)s minutes.") % {
                "minutes": settings.LOGIN_LOCKOUT_MINUTES
            }
            context = self.get_context_data(form=form, locked=locked)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        return sign_in(self.request, form.get_user(), then=self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        email = self.request.POST.get("username", "").strip().lower()
        if email:
            services.sign_in_failure_record(
                email=email, address=signin.client_address(self.request)
            )
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, and remember it for a signed-in user."""
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and language in dict(settings.LANGUAGES):
        services.user_set_language(
            actor=signed_in(request.user), user=request.user, language=language
        )
    return django_set_language(request)


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed-in staff see their dashboard; anyone else the public front door."""
    if not request.user.is_authenticated:
        return render(request, "core/front_door.html", {"panels": public_panels()})
    return figures_page(
        request,
        "core/home.html",
        {"tiles": partial(tiles_for, request.user), "panels": partial(panels_for, request.user)},
    )


ORGANISATION_LIST = ListPage(
    "core/organisation_list.html", ORGANISATION_COLUMNS, stem="organisations"
)


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponseBase:
    form = OrganisationFilterForm(request.GET)
    filters = valid_filters(form)
    organisations = selectors.organisation_list(
        user=request.user,
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        country=filters["country"].iso3 if filters.get("country") else "",
    )
    can_add = has_permission(request.user, Perm.MANAGE_ORGANISATION)
    # The English names are a column the database sorts (and pages by key); a name in another
    # language is put in its reader's order as the forms offer it.
    listed: QuerySet[Organisation] | Sequence[Organisation] = organisations
    if (get_language() or "en") != "en":
        listed = ReadInReadingOrder(organisations)
    return ORGANISATION_LIST.render(request, listed, {"form": form, "can_add": can_add})


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = fetch_organisation(request.user, pk)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "children": in_reading_order(organisation.children.all()),
            "elsewhere": record_links(request.user, organisation),
            "can_edit": reaches(
                request.user, Perm.MANAGE_ORGANISATION, organisation, rule=BY_COUNTRY
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, Perm.MANAGE_ORGANISATION)
    return _organisation_form(request, None)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_form(
        request,
        fetch_organisation(request.user, pk, write=Perm.MANAGE_ORGANISATION),
    )


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    """Add an organisation, or change one, in a country the user manages organisations in;
    the form validates its own copy of the record because the service compares the record
    before and after."""
    actor = signed_in(request.user)
    instance = organisation and fetch_organisation(actor, organisation.pk)
    form = OrganisationForm(posted(request), instance=instance)
    limit_countries_to_scope(form, scope_for(actor, Perm.MANAGE_ORGANISATION))
    title = _("Edit organisation") if organisation else _("Add an organisation")
    create, update = services.organisation_create, services.organisation_update
    return add_or_change(request, form, "organisation", organisation, create, update, title)


MEMBER_STATE_LIST = ListPage(
    "core/member_state_list.html", MEMBER_STATE_COLUMNS, stem="member-states"
)


@require_GET
def member_state_list(request: HttpRequest) -> HttpResponseBase:
    form = MemberStateFilterForm(request.GET)
    filters = valid_filters(form)
    states = selectors.member_state_list(
        user=request.user,
        search=filters.get("q", ""),
        iofs_membership=filters.get("iofs", ""),
        oic_status=filters.get("oic_status", ""),
    )
    return MEMBER_STATE_LIST.render(request, states, {"form": form})


@require_GET
def member_state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    try:
        state = selectors.member_state_detail(user=request.user, iso3=iso3)
    except MemberState.DoesNotExist as missing:
        raise Http404 from missing
    organisations = selectors.organisation_list(user=request.user, country=state.country.iso3)
    areas = selectors.admin_area_list(user=request.user, country=state.country.iso3, level=1)
    return render(
        request,
        "core/member_state_detail.html",
        {
            "state": state,
            "organisations": organisations,
            "admin_areas": areas,
            "elsewhere": record_link_groups(request.user, state),
        },
    )


SITE_LIST = ListPage("core/site_list.html", SITE_COLUMNS, stem="sites")


@require_GET
def site_list(request: HttpRequest) -> HttpResponseBase:
    form = SiteFilterForm(request.GET)
    can_add = has_permission(request.user, Perm.MANAGE_SITE)
    return SITE_LIST.filtered(request, form, selectors.site_list, {"can_add": can_add})


@require_GET
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = fetch_site(request.user, pk)
    return render(
        request,
        "core/site_detail.html",
        {
            "site": site,
            "can_edit": reaches(request.user, Perm.MANAGE_SITE, site),
            "neighbours": neighbours_of(request.user, site),
        },
    )


@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest) -> HttpResponse:
    return _site_form(request, None)


@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _site_form(request, fetch_site(request.user, pk, write=Perm.MANAGE_SITE))


def _site_form(request: HttpRequest, site: Site | None) -> HttpResponse:
    """Add a site, or change one, in a country the user manages sites in."""
    actor = signed_in(request.user)
    instance = site and fetch_site(actor, site.pk)
    form = SiteForm(posted(request), instance=instance)
    limit_countries_to_scope(form, require_permission(actor, Perm.MANAGE_SITE))
    title = _("Edit site") if site else _("Add a site")
    create, update = services.site_create, services.site_update
    return add_or_change(request, form, "site", site, create, update, title)


AUDIT_LIST = ListPage("core/audit_list.html", AUDIT_COLUMNS, stem="audit")


@require_GET
def audit_list(request: HttpRequest) -> HttpResponseBase:
    require_permission(request.user, Perm.VIEW_AUDIT)
    form = AuditFilterForm(request.GET, record_types=selectors.audit_record_types())
    return AUDIT_LIST.filtered(request, form, selectors.audit_list)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400. A form's body past Django's limits (DATA_UPLOAD_MAX_*) is too large (413),
    and a Content-Length that is not a number a bad request (400): each said in the reader's
    language, as JSON to the API and the OpenRosa server and as a page otherwise. Other bad
    requests (a host not allowed among them, which no page may be drawn for) keep Django's
    own answer."""
    if isinstance(exception, LengthNotANumber):
        status, title, message = 400, _("Bad request"), str(exception)
    elif exception is not None and (refused := form_limit_refusal(exception)):
        status, title, message = 413, _("Too large"), refused
    else:
        return defaults.bad_request(request, exception or BadRequest())
    return _refusal(request, status, title, message)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _refusal(
        request,
        403,
        _("Not allowed"),
        _("Your roles do not allow this. Ask an administrator if you need it."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _refusal(
        request, 404, _("Not found"), _("There is nothing here, or it is outside your countries.")
    )


def _refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """An error answered outside a view, in the reader's language: JSON to the API and the
    OpenRosa server (an address that is not one, such as an id that is not a number, as
    much as a refused body), a page in the site's layout otherwise."""
    if request.path.startswith(SELF_AUTHENTICATING):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


# Notifications: every signed-in user's own notices and e-mail choices


@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notices = selectors.notification_list(user=request.user, unread_only=unread_only)
    return render(
        request,
        "core/notification_list.html",
        {"page": paginate(request, notices), "unread_only": unread_only},
    )


class NotificationReadForm(forms.Form):
    """Which notice to mark read; none: every unread one."""

    notification = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    """Mark one of the user's notices read and follow its link, or mark them all read."""
    user = signed_in(request.user)
    form = NotificationReadForm(request.POST)
    if not form.is_valid():
        raise Http404  # a value that is not an id names no notice, as in a path
    notice_id = form.cleaned_data["notification"]
    if notice_id is None:
        services.notifications_mark_read(actor=user)
        return redirect("core:notification_list")
    notice = fetch_notification(user, notice_id)
    services.notifications_mark_read(actor=user, notifications=[notice])
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("core:notification_list")


class NotificationPreferencesForm(forms.Form):
    """One box per kind of notice: ticked, it comes by e-mail too."""

    def __init__(self, *args: Any, choices: Mapping[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {kind.code: str(kind.label) for kind in notice_kinds()}
        for code, email in choices.items():
            self.fields[code] = forms.BooleanField(
                label=labels.get(code, code), required=False, initial=email
            )


@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthedRequest) -> HttpResponse:
    user = signed_in(request.user)
    choices = selectors.notification_email_choices(user=user)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            services.notification_preferences_set(
                actor=user,
                user=user,
                email_kinds={code: bool(form.cleaned_data[code]) for code in choices},
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("core:notification_preferences")
    else:
        form = NotificationPreferencesForm(choices=choices)
    return render(request, "core/notification_preferences.html", {"form": form})


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/schedule_list.html",
        {"statuses": selectors.schedule_overview(user=request.user)},
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """One search box across the programme: records the user may open, by reference or name."""
    query = search_param(request)
    groups = search.search(request.user, query)
    return render(
        request,
        "core/search.html",
        {"query": query, "groups": groups, "too_short": 0 < len(query) < search.MIN_LENGTH},
    )

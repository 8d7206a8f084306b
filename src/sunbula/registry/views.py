"""Registry pages: thin views that authorise, call one selector or service, and render.

Persons are always shown through presentation.person_cards: masked without protection
clearance, and with it the access is audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form, ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import (
    fetch,
    has_permission,
    has_protection_clearance,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.chain import neighbours_of
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import limit_countries_to_scope
from sunbula.core.http import int_param
from sunbula.core.lists import joined
from sunbula.core.models import AdminArea, User
from sunbula.core.privacy import personal_data
from sunbula.core.views import (
    ListPage,
    checked_in_place,
    filters_refused,
    form_errors_to,
    form_save,
    paginate,
    posted,
    posted_files,
    run_step,
    save_then_show,
    valid_filters,
)
from sunbula.registry import check_views, import_report, importing, selectors, services, tasks
from sunbula.registry.access import fetch_duplicate_pair, fetch_household, fetch_institution
from sunbula.registry.forms import (
    ExportForm,
    HeadcountForm,
    ImportForm,
    PersonFilterForm,
    PersonForm,
)
from sunbula.registry.models import (
    PERSON_DETAILS,
    Consent,
    DuplicatePair,
    Household,
    ImportJob,
    Institution,
    Merge,
    Person,
    Vulnerability,
)
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import PersonCard, masked_person_cards, person_cards
from sunbula.registry.protection import MASK
from sunbula.registry.record_forms import (
    HouseholdFilterForm,
    InstitutionFilterForm,
    consent_fields,
)


def _flags(card: PersonCard) -> str:
    flags = [
        (card.is_synthetic, _("synthetic")),
        (card.has_consent is False, _("no valid consent")),
        (card.status == Person.Status.CONFIRMED_DUPLICATE, _("confirmed duplicate")),
    ]
    return joined(label for shown, label in flags if shown)


# What each list page downloads: the columns it shows, in the same words. Persons are always
# masked in these downloads (see _people_download).
PERSON_COLUMNS: tuple[Column[PersonCard], ...] = (
    Column(pgettext_lazy("noun", "Record"), lambda card: f"P-{card.pk}"),
    Column(gettext_lazy("Name"), lambda card: f"{card.given_name} {card.family_name}".strip()),
    Column(gettext_lazy("Father's name"), lambda card: card.father_name),
    Column(gettext_lazy("Sex"), lambda card: card.sex_label),
    Column(gettext_lazy("Born"), lambda card: card.birth_date),
    Column(gettext_lazy("Phone"), lambda card: card.phone),
    Column(gettext_lazy("Identity number"), lambda card: card.id_number),
    Column(gettext_lazy("Area"), lambda card: card.admin_area),
    Column(gettext_lazy("Flags"), _flags),
)


# The review queue shows the two records of a pair side by side, a row per field.
COMPARED_COLUMNS: tuple[Column[PersonCard], ...] = (
    *PERSON_COLUMNS[1:8],
    Column(gettext_lazy("Household"), lambda card: card.household),
    PERSON_COLUMNS[8],
)


def side_by_side(first: PersonCard, second: PersonCard) -> list[tuple[str, Any, Any, bool]]:
    """Each field of two cards: its name, both values, and whether they agree (shown only
    for values the reader may see)."""
    rows = []
    for column in COMPARED_COLUMNS:
        one, other = column.value(first), column.value(second)
        agree = bool(one) and one == other and not (first.masked and MASK in str(one))
        rows.append((str(column.header), one, other, agree))
    return rows


def _of_card(column: Column[PersonCard]) -> Column[tuple[DuplicatePair, PersonCard]]:
    return Column(column.header, lambda row: column.value(row[1]))


PAIR_COLUMNS: tuple[Column[tuple[DuplicatePair, PersonCard]], ...] = (
    Column(capfirst(gettext_lazy("match probability")), lambda row: row[0].score),
    *(_of_card(column) for column in PERSON_COLUMNS),
)
HOUSEHOLD_COLUMNS: tuple[Column[Household], ...] = (
    Column(gettext_lazy("Reference"), lambda household: household.reference),
    Column(gettext_lazy("Members"), lambda household: getattr(household, "member_count", None)),
    Column(
        gettext_lazy("Area"),
        lambda household: (
            f"{household.admin_area.local_name} {household.admin_area.p_code}"
            if household.admin_area
            else ""
        ),
    ),
    Column(
        gettext_lazy("Displacement status"),
        exports.label(Household, "displacement_status"),
    ),
)
INSTITUTION_COLUMNS: tuple[Column[Institution], ...] = (
    Column(gettext_lazy("Name"), lambda institution: institution.local_name),
    Column(gettext_lazy("Kind"), exports.label(Institution, "kind")),
    Column(gettext_lazy("Status"), exports.label(Institution, "status")),
    Column(
        gettext_lazy("Latest headcount"),
        lambda institution: getattr(institution, "latest_headcount", None),
    ),
    Column(
        gettext_lazy("Counted on"),
        lambda institution: getattr(institution, "latest_counted_on", None),
    ),
)


@require_GET
def person_list(request: HttpRequest) -> HttpResponseBase:
    form = PersonFilterForm(request.GET)
    filters = valid_filters(form)
    phone, id_number = filters.get("phone", ""), filters.get("id_number", "")
    people, possible_duplicate = selectors.lookup_withheld(
        user=request.user,
        people=selectors.person_list(
            user=request.user,
            phone=phone,
            id_number=id_number,
            status=filters.get("status", ""),
            farmers_only=request.GET.get("farmers") == "1",
        ),
        terms=(phone, id_number),
    )
    refused = filters_refused(request, form)
    if refused:
        people = people.none()
    elif exports.requested(request):
        return _people_download(request, people)
    page = paginate(request, people)
    cards = person_cards(user=request.user, people=list(page), channel="page:person_list")
    return render(
        request,
        "registry/person_list.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "possible_duplicate": possible_duplicate,
            "can_add": has_permission(request.user, RegistryPerm.MANAGE_REGISTRY),
            "can_export": has_permission(request.user, RegistryPerm.EXPORT_REGISTRY),
        },
        status=400 if refused else 200,
    )


def _people_download(request: HttpRequest, people: QuerySet[Person]) -> HttpResponseBase:
    """The listed people, masked whoever asks; the export is recorded like any other.

    A download never holds unmasked personal data: that needs the export with a stated reason.
    """
    people = require_permission(request.user, RegistryPerm.EXPORT_REGISTRY).filter(people)
    cards = masked_person_cards(people.iterator(chunk_size=exports.CHUNK_SIZE))
    return _masked_download(request, people, people.count(), cards, PERSON_COLUMNS, "people")


def _masked_download(
    request: HttpRequest,
    listed: QuerySet[Any],
    count: int,
    rows: Iterable[Any],
    columns: Sequence[Column[Any]],
    stem: str,
) -> HttpResponseBase:
    """`rows`, the `count` people of `listed` masked, as the requested file (refused when
    there are too many); recorded first as an export from the countries of `listed`."""
    refused = exports.refuse_if_too_many(request, count)
    if refused is not None:
        return refused
    services.person_export_record(
        actor=signed_in(request.user),
        country_ids=sorted(set(listed.order_by().values_list("country_id", flat=True))),
        count=count,
        unmasked=False,
        reason="",
    )
    return exports.download(request, rows, columns, stem=stem, count=count)


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch(
        selectors.with_consent(
            Person.objects.select_related("country", "admin_area", "household", "duplicate_of")
        ),
        request.user,
        pk,
        perm=RegistryPerm.VIEW_REGISTRY,
    )
    consents, farmer = selectors.person_detail_related(person=person)
    card = person_cards(user=request.user, people=[person], channel="page:person_detail")[0]
    cleared = has_protection_clearance(request.user)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "card": card,
            "consents": consents,
            "farmer": farmer,
            "neighbours": neighbours_of(request.user, person),
            # A record that cannot change (erased, or merged into another) offers no change.
            "can_edit": not person.change_problem()
            and reaches(request.user, RegistryPerm.MANAGE_REGISTRY, person),
            "can_open_file": cleared
            and reaches(request.user, RegistryPerm.EXPORT_REGISTRY, person),
            "can_erase": cleared
            and not person.is_erased
            and reaches(request.user, RegistryPerm.ERASE_PERSONAL_DATA, person),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, RegistryPerm.MANAGE_REGISTRY)
    household_id = int_param(request, "household")
    household_country = (
        scope.filter(Household.objects.filter(pk=household_id))
        .values_list("country_id", flat=True)
        .first()
        if household_id is not None
        else None
    )
    form = PersonForm(
        posted(request), initial={"household": household_id, "country": household_country}
    )
    limit_countries_to_scope(form, scope)
    area_field = form.fields["admin_area"]
    assert isinstance(area_field, ModelChoiceField)  # noqa: S101 — declared on the form
    area_field.queryset = scope.filter(AdminArea.objects.all()).order_by("p_code")
    household_field = form.fields["household"]
    assert isinstance(household_field, ModelChoiceField)  # noqa: S101 — declared on the form
    household_field.queryset = scope.filter(Household.objects.all()).order_by("reference")
    consent_fields(form)
    candidates: list[Any] = []
    possible_duplicate = False
    if checked := checked_in_place(request, form, "registry/_person_form.html", {}):
        return checked
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        register_anyway = values.pop("register_anyway")
        consent_method = values.pop("consent_method")
        consent_given_on = values.pop("consent_given_on")
        matches, possible_duplicate = selectors.lookup_withheld(
            user=request.user,
            people=selectors.registration_candidates(
                user=request.user,
                country_id=values["country"].pk,
                given_name=values["given_name"],
                family_name=values["family_name"],
                phone=values["phone"],
                id_number=values["id_number"],
            ),
            terms=(
                values["given_name"],
                values["family_name"],
                values["phone"],
                values["id_number"],
            ),
        )
        found = list(matches)
        if (found or possible_duplicate) and not register_anyway:
            candidates = person_cards(
                user=request.user, people=found, channel="page:registration_candidates"
            )
        else:
            try:
                person = _register(
                    signed_in(request.user), values, consent_method, consent_given_on
                )
            except (ValidationError, DomainError) as error:
                form_errors_to(form, error, REGISTRATION_CONSENT)
            else:
                messages.success(request, _("Registered."))
                return redirect(person)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "candidates": candidates, "possible_duplicate": possible_duplicate},
        status=status,
    )


# The registration form's fields for the consent it records (consent_fields).
REGISTRATION_CONSENT = {"given_on": "consent_given_on", "method": "consent_method"}


@transaction.atomic
def _register(
    actor: User, values: dict[str, Any], consent_method: str, given_on: datetime.date | None
) -> Person:
    """Register a person and, where given, their consent: both or neither."""
    person = services.person_register(actor=actor, **values)
    if consent_method:
        services.consent_record(
            actor=actor,
            person=person,
            purpose=Consent.Purpose.REGISTRATION,
            given_on=given_on or timezone.localdate(),
            method=consent_method,
        )
    return person


HOUSEHOLD_LIST = ListPage(
    "registry/household_list.html",
    HOUSEHOLD_COLUMNS,
    stem="households",
    adding=RegistryPerm.MANAGE_REGISTRY,
)


def _in_countries(
    request: HttpRequest,
    page: ListPage,
    form: Form,
    listed: Callable[..., QuerySet[Any]],
) -> HttpResponseBase:
    """`page` of the records `listed` (a selector) gives for the filters of `form`: the
    search box (`q`) as `search`, the chosen country as `country_id`, the others by name."""
    filters = dict(valid_filters(form))
    search = filters.pop("q", "")
    country = filters.pop("country", None)
    records = listed(
        user=request.user, search=search, country_id=country.pk if country else None, **filters
    )
    return page.render(request, records, {"form": form})


@require_GET
def household_list(request: HttpRequest) -> HttpResponseBase:
    scope = require_permission(request.user, RegistryPerm.VIEW_REGISTRY)
    form = HouseholdFilterForm(request.GET, scope=scope)
    return _in_countries(request, HOUSEHOLD_LIST, form, selectors.household_list)


@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = fetch_household(request.user, pk)
    members = list(selectors.household_members(household=household))
    cards = person_cards(user=request.user, people=members, channel="page:household_detail")
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "cards": cards,
            "neighbours": neighbours_of(request.user, household),
            "can_edit": reaches(request.user, RegistryPerm.MANAGE_REGISTRY, household),
        },
    )


INSTITUTION_LIST = ListPage(
    "registry/institution_list.html",
    INSTITUTION_COLUMNS,
    stem="institutions",
    adding=RegistryPerm.MANAGE_INSTITUTION,
)


@require_GET
def institution_list(request: HttpRequest) -> HttpResponseBase:
    scope = require_permission(request.user, RegistryPerm.VIEW_INSTITUTION)
    form = InstitutionFilterForm(request.GET, scope=scope)
    return _in_countries(request, INSTITUTION_LIST, form, selectors.institution_list)


@require_http_methods(["GET", "POST"])
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = fetch_institution(request.user, pk, write=request.method == "POST")
    form = HeadcountForm(posted(request))
    record_headcount = save_then_show(
        institution,
        services.headcount_record,
        actor=signed_in(request.user),
        institution=institution,
    )
    context = {
        "institution": institution,
        "headcounts": selectors.institution_headcounts(institution=institution),
        "neighbours": neighbours_of(request.user, institution),
        "can_edit": reaches(request.user, RegistryPerm.MANAGE_INSTITUTION, institution),
    }
    return form_save(
        request,
        form,
        record_headcount,
        "registry/institution_detail.html",
        context,
        success=_("Headcount recorded."),
        partial="registry/_headcount_form.html",
    )


@require_GET
@personal_data
def duplicate_queue(request: HttpRequest) -> HttpResponseBase:
    pairs_waiting = selectors.duplicate_queue(user=request.user)
    if exports.requested(request):
        return _pairs_download(request, pairs_waiting)
    page = paginate(request, pairs_waiting)
    pairs = list(page)
    people = [person for pair in pairs for person in (pair.person_1, pair.person_2)]
    cards = person_cards(user=request.user, people=people, channel="page:duplicate_queue")
    rows = [
        (
            pair,
            cards[2 * index],
            cards[2 * index + 1],
            side_by_side(*cards[2 * index : 2 * index + 2]),
        )
        for index, pair in enumerate(pairs)
    ]
    merges = selectors.merge_list(user=request.user)[:10]
    return render(
        request,
        "registry/duplicate_queue.html",
        {
            "page": page,
            "rows": rows,
            "merges": merges,
            "can_export": has_permission(request.user, RegistryPerm.EXPORT_REGISTRY),
            "check_form": check_views.check_form(request),
        },
    )


def _pairs_download(request: HttpRequest, pairs: QuerySet[DuplicatePair]) -> HttpResponseBase:
    """Both people of each pair, one row each, masked whoever asks; recorded as an export."""
    pairs = require_permission(request.user, RegistryPerm.EXPORT_REGISTRY).filter(pairs)
    rows = (
        (pair, card)
        for pair in pairs.iterator(chunk_size=exports.CHUNK_SIZE)
        for card in masked_person_cards((pair.person_1, pair.person_2))
    )
    stem = "possible-duplicates"
    return _masked_download(request, pairs, 2 * pairs.count(), rows, PAIR_COLUMNS, stem)


def _domain_call(request: HttpRequest, call: Callable[[], object]) -> HttpResponse:
    return run_step(request, call, _("Done."), "registry:duplicate_queue")


def _decide(request: HttpRequest, pk: int, service: Callable[..., object]) -> HttpResponse:
    """A decision on a pair of the review queue (`service`: confirm or dismiss it), taken
    from the queue, which it goes back to."""
    pair = fetch_duplicate_pair(request.user, pk, write=RegistryPerm.REVIEW_DUPLICATES)
    return _domain_call(request, lambda: service(actor=signed_in(request.user), pair=pair))


@require_POST
def duplicate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.duplicate_pair_confirm)


@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.duplicate_pair_dismiss)


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = fetch(
        Merge.objects.select_related("survivor", "duplicate", "pair"),
        request.user,
        pk,
        perm=RegistryPerm.REVIEW_DUPLICATES,
    )
    return _domain_call(
        request, lambda: services.merge_undo(actor=signed_in(request.user), merge=merge)
    )


@require_http_methods(["GET", "POST"])
def import_create(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, RegistryPerm.IMPORT_REGISTRY)
    form = ImportForm(posted(request), posted_files(request))
    limit_countries_to_scope(form, scope)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mapping_upload = form.cleaned_data.get("mapping")
        try:
            mapping = (
                importing.parse_mapping(mapping_upload.read(64 * 1024).decode("utf-8"))
                if mapping_upload
                else None
            )
        except (importing.FileRefused, UnicodeDecodeError) as refused:
            form.add_error(
                "mapping",
                str(refused)
                if isinstance(refused, importing.FileRefused)
                else _("The column mapping cannot be read."),
            )
        else:
            job = tasks.queue_upload(
                actor=signed_in(request.user),
                country=form.cleaned_data["country"],
                stream=upload,
                file_name=upload.name or "upload",
                size=upload.size or 0,
                mapping=mapping,
            )
            return redirect(job)
    jobs = selectors.import_job_list(user=request.user)[:10]
    return render(
        request,
        "registry/import_form.html",
        {
            "form": form,
            "jobs": jobs,
            "columns": importing.columns_read(),
            "vulnerabilities": Vulnerability.choices,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = fetch(
        ImportJob.objects.select_related("country"),
        request.user,
        pk,
        perm=RegistryPerm.IMPORT_REGISTRY,
    )
    template = (
        "registry/_import_status.html"
        if request.headers.get("HX-Request")
        else ("registry/import_detail.html")
    )
    problems = import_report.shown_problems(job.problems)
    return render(request, template, {"job": job, "problems": problems})


EXPORT_COLUMNS = (
    "external_id",
    *PERSON_DETAILS,
    "country",
    "admin_area",
    "household",
    "displacement_status",
)


@require_http_methods(["GET", "POST"])
def person_export(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, RegistryPerm.EXPORT_REGISTRY)
    form = ExportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        people = list(selectors.people_for_export(user=request.user))
        reason = form.cleaned_data["reason"]
        unmasked = has_protection_clearance(request.user)
        try:
            services.person_export_record(
                actor=signed_in(request.user),
                country_ids=sorted({person.country_id for person in people}),
                count=len(people),
                unmasked=unmasked,
                reason=reason,
            )
        except DomainError as refused:
            form.add_error("reason", str(refused))
        else:
            cards = person_cards(user=request.user, people=people, channel="export", reason=reason)
            table = exports.Table(
                EXPORT_COLUMNS,
                ([getattr(card, column) for column in EXPORT_COLUMNS] for card in cards),
            )
            return exports.table_response("csv", table, filename="registry.csv")
    return render(
        request,
        "registry/export_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )

"""Registry record pages: institutions, households, a person's record, farm and consent,
created and changed through the services, in the user's countries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sunbula.core.access import (
    fetch,
    has_protection_clearance,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.views import form_page, posted, refused_page, run_step, save_with
from sunbula.registry import services
from sunbula.registry.access import fetch_consent, fetch_household, fetch_institution
from sunbula.registry.models import Consent, Farmer, Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.record_forms import (
    ConsentForm,
    FarmerForm,
    HouseholdForm,
    InstitutionForm,
    PersonEditForm,
)

FORM = "registry/record_form.html"


@dataclass(frozen=True)
class RecordForms:
    """The pages to add and to change one kind of record: `form_class` with its choices
    limited to where the user may `perm`; a record to change is fetched and authorised by
    `fetch_record`, and its update service takes it as `name`."""

    form_class: type[InstitutionForm | HouseholdForm]
    perm: str
    fetch_record: Callable[..., Institution | Household]
    name: str

    def add(self, request: HttpRequest, create: Callable[..., Any], title: str) -> HttpResponse:
        """The empty form; the service `create` saves it."""
        actor = signed_in(request.user)
        save = save_with(create, actor=actor)
        scope = require_permission(actor, self.perm)
        form = self.form_class(posted(request), instance=None, scope=scope)
        return form_page(request, form, save, {"title": title}, template=FORM)

    def change(self, request: HttpRequest, pk: int, update: Callable[..., Any]) -> HttpResponse:
        """The form showing the record as stored (a fresh copy: the form changes the one it
        checks the input on); the service `update` saves it."""
        actor = signed_in(request.user)
        record = self.fetch_record(actor, pk, write=True)
        save = save_with(update, actor=actor, **{self.name: record})
        context = {"title": str(record), "back": record}
        as_stored = self.fetch_record(actor, pk)
        scope = scope_for(actor, self.perm)
        form = self.form_class(posted(request), instance=as_stored, scope=scope)
        return form_page(request, form, save, context, template=FORM)


INSTITUTIONS = RecordForms(
    InstitutionForm, RegistryPerm.MANAGE_INSTITUTION, fetch_institution, "institution"
)
HOUSEHOLDS = RecordForms(HouseholdForm, RegistryPerm.MANAGE_REGISTRY, fetch_household, "household")


@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    return INSTITUTIONS.add(request, services.institution_create, _("Add an institution"))


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    return HOUSEHOLDS.add(request, services.household_create, _("Record a household"))


@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return INSTITUTIONS.change(request, pk, services.institution_update)


@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return HOUSEHOLDS.change(request, pk, services.household_update)


def _person(request: HttpRequest, pk: int) -> Person:
    return fetch(
        Person.objects.select_related("country", "admin_area", "household"),
        request.user,
        pk,
        perm=RegistryPerm.VIEW_REGISTRY,
        write=RegistryPerm.MANAGE_REGISTRY,
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's record; names, numbers and birth date only with protection clearance
    (and then the unmasked view of the form is recorded)."""
    actor = signed_in(request.user)
    person = _person(request, pk)
    if problem := person.change_problem():
        return refused_page(request, problem, 409, person)
    personal = has_protection_clearance(actor)
    initial: dict[str, Any] = {
        "sex": person.sex,
        "id_document_type": person.id_document_type,
        "admin_area": person.admin_area,
        "household": person.household,
        "relation_to_head": person.relation_to_head,
        "displacement_status": person.displacement_status,
        "vulnerabilities": person.vulnerabilities,
    }
    if personal:
        initial.update({name: getattr(person, name) for name in PersonEditForm.PERSONAL})
        if request.method == "GET":
            services.personal_data_access_record(
                actor=actor, people=[person], channel="page:person_edit"
            )
    form = PersonEditForm(
        posted(request),
        initial=initial,
        scope=scope_for(actor, RegistryPerm.MANAGE_REGISTRY),
        country_id=person.country_id,
        personal=personal,
    )
    save = save_with(services.person_update, actor=actor, person=person)
    context = {"title": _("Edit P-%(pk)s") % {"pk": person.pk}, "back": person}
    return form_page(request, form, save, context, template=FORM)


@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    person = _person(request, pk)
    if problem := person.change_problem():
        return refused_page(request, problem, 409, person)
    form = ConsentForm(posted(request), initial={"purpose": Consent.Purpose.REGISTRATION})

    def save(values: dict[str, Any]) -> Person:
        return services.consent_record(actor=actor, person=person, **values).person

    context = {"title": _("Record consent for P-%(pk)s") % {"pk": person.pk}, "back": person}
    return form_page(request, form, save, context, success=_("Consent recorded."), template=FORM)


@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = fetch_consent(request.user, pk)
    return run_step(
        request,
        lambda: services.consent_withdraw(actor=signed_in(request.user), consent=consent),
        _("Consent withdrawn."),
        consent.person,
    )


@require_http_methods(["GET", "POST"])
def farmer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    person = _person(request, pk)
    if problem := person.change_problem():
        return refused_page(request, problem, 409, person)
    farmer = Farmer.objects.filter(person=person).first()
    form = FarmerForm(posted(request), instance=farmer)

    def save(values: dict[str, Any]) -> Person:
        return services.farmer_upsert(actor=actor, person=person, **values).person

    context = {"title": _("Farm of P-%(pk)s") % {"pk": person.pk}, "back": person}
    return form_page(request, form, save, context, template=FORM)

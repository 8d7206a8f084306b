"""Registry record pages: institutions, households, a person's record, farm and consent,
created and changed through the services, in the user's countries."""

from __future__ import annotations

from collections.abc import Callable
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
from sunbula.core.views import form_page, posted, run_step, save_with
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


def _record_page(
    request: HttpRequest,
    form_class: type[InstitutionForm | HouseholdForm],
    perm: str,
    save: Callable[[dict[str, Any]], Any],
    context: dict[str, Any],
    *,
    instance: Institution | Household | None = None,
) -> HttpResponse:
    """The record form with its choices limited to where the user may `perm`: empty to add
    a record, or showing `instance` as stored to change it."""
    actor = signed_in(request.user)
    scope = require_permission(actor, perm) if instance is None else scope_for(actor, perm)
    form = form_class(posted(request), instance=instance, scope=scope)
    return form_page(request, form, save, context, template=FORM)


@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    save = save_with(services.institution_create, actor=signed_in(request.user))
    context = {"title": _("Add an institution")}
    return _record_page(request, InstitutionForm, RegistryPerm.MANAGE_INSTITUTION, save, context)


@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    institution = fetch_institution(actor, pk, write=True)
    save = save_with(services.institution_update, actor=actor, institution=institution)
    context = {"title": institution.local_name, "back": institution}
    as_stored = fetch_institution(actor, pk)
    return _record_page(
        request, InstitutionForm, RegistryPerm.MANAGE_INSTITUTION, save, context, instance=as_stored
    )


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    save = save_with(services.household_create, actor=signed_in(request.user))
    context = {"title": _("Record a household")}
    return _record_page(request, HouseholdForm, RegistryPerm.MANAGE_REGISTRY, save, context)


@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    household = fetch_household(actor, pk, write=True)
    save = save_with(services.household_update, actor=actor, household=household)
    context = {"title": household.reference, "back": household}
    as_stored = fetch_household(actor, pk)
    return _record_page(
        request, HouseholdForm, RegistryPerm.MANAGE_REGISTRY, save, context, instance=as_stored
    )


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
    farmer = Farmer.objects.filter(person=person).first()
    form = FarmerForm(posted(request), instance=farmer)

    def save(values: dict[str, Any]) -> Person:
        return services.farmer_upsert(actor=actor, person=person, **values).person

    context = {"title": _("Farm of P-%(pk)s") % {"pk": person.pk}, "back": person}
    return form_page(request, form, save, context, template=FORM)

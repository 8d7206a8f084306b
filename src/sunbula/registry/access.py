"""Registry records views fetch often, through core.access.fetch (scoped by `scope_rule`)."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied

from sunbula.core.access import AnyUser, fetch, has_protection_clearance
from sunbula.registry.models import Consent, DuplicatePair, Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm

fetch_duplicate_pair = partial(
    fetch,
    DuplicatePair.objects.select_related("person_1", "person_2"),
    perm=RegistryPerm.REVIEW_DUPLICATES,
)


def fetch_institution(user: AnyUser, pk: object, *, write: bool = False) -> Institution:
    """An institution the user may see (404 otherwise), and with `write` change (403)."""
    institutions = Institution.objects.select_related("country", "site", "operating_organisation")
    manage = RegistryPerm.MANAGE_INSTITUTION if write else None
    return fetch(institutions, user, pk, perm=RegistryPerm.VIEW_INSTITUTION, write=manage)


def fetch_household(user: AnyUser, pk: object, *, write: bool = False) -> Household:
    """A household the user may see (404 otherwise), and with `write` change (403)."""
    households = Household.objects.select_related("country", "admin_area")
    manage = RegistryPerm.MANAGE_REGISTRY if write else None
    return fetch(households, user, pk, perm=RegistryPerm.VIEW_REGISTRY, write=manage)


def fetch_consent(user: AnyUser, pk: object) -> Consent:
    """A consent of a person the user may see (404 otherwise) and change (403), to withdraw."""
    consents = Consent.objects.select_related("person")
    manage, rule = RegistryPerm.MANAGE_REGISTRY, Person.scope_rule.under("person")
    return fetch(consents, user, pk, perm=RegistryPerm.VIEW_REGISTRY, write=manage, rule=rule)


def fetch_for_protection(user: AnyUser, pk: object, *, write: RegistryPerm) -> Person:
    """A person the user may see (404 otherwise), and act on with `write` and protection
    clearance (403 otherwise): to answer their subject access request or erase their data."""
    people = Person.objects.select_related("country", "admin_area", "household")
    person = fetch(people, user, pk, perm=RegistryPerm.VIEW_REGISTRY, write=write)
    if not has_protection_clearance(user):
        raise PermissionDenied
    return person

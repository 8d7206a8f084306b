"""Registry records views fetch often, through core.access.fetch (scoped by `scope_rule`)."""

from __future__ import annotations

from functools import partial

from sunbula.core.access import AnyUser, fetch
from sunbula.registry.models import Consent, DuplicatePair, Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm

fetch_duplicate_pair = partial(
    fetch,
    DuplicatePair.objects.select_related("person_1", "person_2"),
    perm=RegistryPerm.REVIEW_DUPLICATES,
)


def fetch_institution(user: AnyUser, pk: object, *, write: bool = False) -> Institution:
    """An institution the user may see (404 otherwise), and with `write` change (403)."""
    return fetch(
        Institution.objects.select_related("country", "site", "operating_organisation"),
        user,
        pk,
        perm=RegistryPerm.VIEW_INSTITUTION,
        write=RegistryPerm.MANAGE_INSTITUTION if write else None,
    )


def fetch_household(user: AnyUser, pk: object, *, write: bool = False) -> Household:
    """A household the user may see (404 otherwise), and with `write` change (403)."""
    return fetch(
        Household.objects.select_related("country", "admin_area"),
        user,
        pk,
        perm=RegistryPerm.VIEW_REGISTRY,
        write=RegistryPerm.MANAGE_REGISTRY if write else None,
    )


def fetch_consent(user: AnyUser, pk: object) -> Consent:
    """A consent of a person the user may see (404 otherwise) and change (403), to withdraw."""
    return fetch(
        Consent.objects.select_related("person"),
        user,
        pk,
        perm=RegistryPerm.VIEW_REGISTRY,
        write=RegistryPerm.MANAGE_REGISTRY,
        rule=Person.scope_rule.under("person"),
    )

"""Fetch-and-authorise helpers for registry records: 404 outside scope, 403 when read-only."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.registry.models import DuplicatePair, Household, ImportJob, Institution, Merge, Person
from sunbula.registry.permissions import RegistryPerm

M = TypeVar("M", bound=Model)


def _fetch(
    user: AnyUser,
    queryset: QuerySet[M],
    pk: int,
    *,
    read: str,
    write_perm: str,
    write: bool,
    country_field: str = "country",
) -> M:
    scope = require_permission(user, read)
    try:
        record = scope.filter(queryset, country_field).get(pk=pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    country_id = getattr(record, f"{country_field}_id")
    if write and not scope_for(user, write_perm).covers_country(country_id):
        raise PermissionDenied
    return record


def person_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Person:
    queryset = Person.objects.select_related("country", "admin_area", "household", "duplicate_of")
    return _fetch(
        user,
        queryset,
        pk,
        read=RegistryPerm.VIEW_REGISTRY,
        write_perm=RegistryPerm.MANAGE_REGISTRY,
        write=write,
    )


def household_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Household:
    return _fetch(
        user,
        Household.objects.select_related("country", "admin_area"),
        pk,
        read=RegistryPerm.VIEW_REGISTRY,
        write_perm=RegistryPerm.MANAGE_REGISTRY,
        write=write,
    )


def institution_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Institution:
    return _fetch(
        user,
        Institution.objects.select_related("country", "site", "operating_organisation"),
        pk,
        read=RegistryPerm.VIEW_INSTITUTION,
        write_perm=RegistryPerm.MANAGE_INSTITUTION,
        write=write,
    )


def duplicate_pair_for_user(user: AnyUser, pk: int, *, write: bool = False) -> DuplicatePair:
    return _fetch(
        user,
        DuplicatePair.objects.select_related("person_1", "person_2"),
        pk,
        read=RegistryPerm.REVIEW_DUPLICATES,
        write_perm=RegistryPerm.REVIEW_DUPLICATES,
        write=write,
    )


def merge_for_user(user: AnyUser, pk: int) -> Merge:
    """Reviewers reach the merges of records in their countries; undoing needs the same role."""
    scope = require_permission(user, RegistryPerm.REVIEW_DUPLICATES)
    try:
        return scope.filter(
            Merge.objects.select_related("survivor", "duplicate", "pair"), "duplicate__country"
        ).get(pk=pk)
    except Merge.DoesNotExist as missing:
        raise Http404 from missing


def import_job_for_user(user: AnyUser, pk: int) -> ImportJob:
    scope = require_permission(user, RegistryPerm.IMPORT_REGISTRY)
    try:
        return scope.filter(ImportJob.objects.select_related("country")).get(pk=pk)
    except ImportJob.DoesNotExist as missing:
        raise Http404 from missing

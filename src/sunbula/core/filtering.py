"""The API's list filters: filters on a related record answer alike whether its id is out of
the caller's scope or does not exist, and a refused search term is named as `search` (a module
of its own: DRF loads it from settings while its own views are being defined)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from sunbula.core.access import scope_for


class ScopedFilterBackend(DjangoFilterBackend):
    """List filters on a related record (`?pledge=`, `?project=`) accept only records the
    caller may see with the view's `scope_perm`: out of scope and missing answer alike."""

    def get_filterset(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        perm = getattr(view, "scope_perm", None)
        if filterset is None or perm is None:
            return filterset
        scope = scope_for(request.user, perm)
        for one in filterset.filters.values():
            if isinstance(
                one, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
            ):
                related = one.queryset
                if isinstance(related, QuerySet):
                    one.queryset = scope.filter(related)
        return filterset


class SearchFilter(filters.SearchFilter):
    """DRF's `?search=`, whose refusal of a term (one with control characters) names the
    parameter, as every refused value of the API is named by its field."""

    def get_search_terms(self, request: Any) -> list[str]:
        try:
            return super().get_search_terms(request)
        except ValidationError as refused:
            raise ValidationError({self.search_param: refused.detail}) from refused

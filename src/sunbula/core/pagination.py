"""The one pagination of pages and API: counts capped, deep pages by key, not by offset.

A list of a million people cannot be counted, nor its page 20,000 found by OFFSET, at every
request. So:

- the count is exact up to EXACT_COUNT; beyond it, on PostgreSQL, it is the planner's
  estimate (`Paginator.is_estimate`), shown as "about N" and kept for a minute;
- the links to the next and previous pages carry the sort key of the last (first) row shown
  (`?after=` / `?before=`), and that page is read from the key onwards, through the index
  that orders the list, however deep it is. A page asked for by number alone (a typed or
  bookmarked address) is still found by offset.

Keys are used when the list is ordered by fields of its own model that cannot be null; the
primary key is added as the last of them so that the order is total.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import operator
from collections.abc import Mapping, Sequence
from functools import cached_property, reduce
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.db.models import Field, Model, Q, QuerySet
from django.db.models.query import ModelIterable
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Lists up to this long are counted exactly; longer ones are estimated.
EXACT_COUNT = 10_000
# How long a list found longer than EXACT_COUNT keeps its estimate (count_or_estimate).
ESTIMATE_SECONDS = 60
AFTER, BEFORE = "after", "before"


def estimated_count(records: QuerySet[Any]) -> int | None:
    """The PostgreSQL planner's estimate of how many rows `records` holds (None elsewhere)."""
    connection = connections[records.db]
    if connection.vendor != "postgresql":
        return None
    # Only the ids: planning the rows' joins and per-row sums would cost more than counting.
    sql, params = records.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _estimate_key(ids: QuerySet[Any]) -> str:
    sql, params = ids.query.sql_with_params()
    text = repr((ids.db, EXACT_COUNT, sql, params))
    return "list-estimate:" + hashlib.sha256(text.encode()).hexdigest()


def count_or_estimate(records: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows `records` holds, and whether that is the planner's estimate: counted
    exactly up to EXACT_COUNT, estimated past it on PostgreSQL. An estimate is kept for
    ESTIMATE_SECONDS under the query that counts: counting a long list to the cap again
    costs more than its page, and "about N" does not change with a few rows."""
    # Only the ids: the counts and sums a list shows per row are not worked out to count it.
    ids = records.order_by().values("pk")
    if connections[records.db].vendor != "postgresql":  # no estimate there, so none kept
        count = ids[: EXACT_COUNT + 1].count()
        return (count, False) if count <= EXACT_COUNT else (records.count(), False)
    try:
        key = _estimate_key(ids)
    except EmptyResultSet:  # a query that can hold nothing (`.none()`, `pk__in=[]`)
        return 0, False
    kept = cache.get(key)
    if kept is not None:
        return int(kept), True
    capped = ids[: EXACT_COUNT + 1].count()
    if capped <= EXACT_COUNT:
        return capped, False
    estimate = estimated_count(records)
    if estimate is None:
        return records.count(), False
    count = max(estimate, capped)
    cache.set(key, count, ESTIMATE_SECONDS)
    return count, True


def _sort_keys(records: Any) -> list[tuple[Field[Any, Any], bool]] | None:
    """The (field, descending) pairs that order `records` totally, or None if it cannot be
    read by key (not a model query set, ordered by an expression, a relation or a nullable
    field)."""
    if not isinstance(records, QuerySet) or records._iterable_class is not ModelIterable:
        return None
    query = records.query
    if not query.standard_ordering or query.distinct_fields:
        return None
    ordering = list(
        query.order_by or (query.get_meta().ordering if query.default_ordering else ()) or ()
    )
    meta = records.model._meta
    keys: list[tuple[Field[Any, Any], bool]] = []
    for item in ordering:
        if not isinstance(item, str) or "__" in item or item.lstrip("-") in ("", "?"):
            return None
        name = item.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not isinstance(field, Field) or not field.concrete or field.null or field.is_relation:
            return None
        keys.append((field, item.startswith("-")))
        if field.primary_key:
            return keys
    if meta.pk is None:
        return None
    last_descending = keys[-1][1] if keys else False
    return [*keys, (meta.pk, last_descending)]


def _ordering(keys: Sequence[tuple[Field[Any, Any], bool]], reverse: bool) -> list[str]:
    return [("-" if descending != reverse else "") + field.attname for field, descending in keys]


def _beyond(
    keys: Sequence[tuple[Field[Any, Any], bool]], values: Sequence[Any], *, back: bool
) -> Q:
    """The rows after (or, `back`, before) the row with these key values, in the list's order.

    The first key bounds the range inclusively, so the index that orders the list is read
    from that row on; the exact comparison of the whole key then sorts out the ties.
    """
    exact, beyond = Q(), []
    for (field, descending), value in zip(keys, values, strict=True):
        lookup = "lt" if descending != back else "gt"
        beyond.append(exact & Q(**{f"{field.attname}__{lookup}": value}))
        exact &= Q(**{field.attname: value})
    first, descending = keys[0]
    bound = "lte" if descending != back else "gte"
    return Q(**{f"{first.attname}__{bound}": values[0]}) & reduce(operator.or_, beyond)


def encode_key(keys: Sequence[tuple[Field[Any, Any], bool]], row: Model) -> str:
    values = [field.value_to_string(row) for field, _descending in keys]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_key(keys: Sequence[tuple[Field[Any, Any], bool]], text: str) -> list[Any] | None:
    """The key values a link carries; None for anything that is not one (it is typed)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        return [
            field.to_python(value) for (field, _descending), value in zip(keys, values, strict=True)
        ]
    except (ValueError, binascii.Error, ValidationError, TypeError):
        return None


class Paginator(DjangoPaginator):  # type: ignore[type-arg]
    """Django's paginator with the count capped and pages read by key when the link has one."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        after: str | None = None,
        before: str | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.keys = _sort_keys(object_list)
        self.after, self.before = after, before
        self._estimated = False

    @cached_property
    def count(self) -> int:
        records = self.object_list
        if not isinstance(records, QuerySet):
            return len(records)
        count, self._estimated = count_or_estimate(records)
        return count

    @property
    def is_estimate(self) -> bool:
        """True when the count is the database's estimate ("about N")."""
        return self.count > EXACT_COUNT and self._estimated

    def _by_key(self) -> tuple[list[Any] | None, bool]:
        for text, back in ((self.after, False), (self.before, True)):
            if self.keys and text:
                values = decode_key(self.keys, text)
                if values is not None:
                    return values, back
        return None, False

    def page(self, number: Any) -> Page:
        values, back = self._by_key()
        records: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        if self.keys:  # the ties in the list's order broken, so that pages neither skip nor repeat
            records = records.order_by(*_ordering(self.keys, reverse=back))
        if values is None or not self.keys:
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = min(bottom + self.per_page, self.count)  # an empty page asks nothing
            return Page(records[bottom:top], number, self)
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        rows = list(records.filter(_beyond(self.keys, values, back=back))[: self.per_page])
        if back:
            rows.reverse()
        return Page(rows, number, self)

    def get_page(self, number: Any) -> Page:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


class Page(DjangoPage):  # type: ignore[type-arg]
    paginator: Paginator

    def has_next(self) -> bool:
        if self.paginator.is_estimate:
            return len(self) == self.paginator.per_page
        return super().has_next()

    def _key(self, row: Model) -> str:
        return encode_key(self.paginator.keys or [], row)

    @cached_property
    def next_key(self) -> str:
        """The `?after=` of the next page's link ('' to read it by offset)."""
        if not self.paginator.keys or not self.has_next():
            return ""
        return self._key(self[-1])

    @cached_property
    def previous_key(self) -> str:
        if not self.paginator.keys or not self.has_previous():
            return ""
        return self._key(self[0])


def page_of(params: Mapping[str, Any], records: Any, per_page: int, page: Any = None) -> Page:
    """The page of `records` the query `params` ask for (web pages: the last one past the end)."""
    paginator = Paginator(records, per_page, after=params.get(AFTER), before=params.get(BEFORE))
    return paginator.get_page(params.get("page") if page is None else page)


class ApiPagination(PageNumberPagination):
    """The API's pages: `count` (an estimate beyond EXACT_COUNT), and `next`/`previous` links
    that carry the sort key, so a client walking the whole list never makes the server skip
    rows by offset."""

    django_paginator_class = Paginator

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = Paginator(
            queryset,
            page_size,
            after=request.query_params.get(AFTER),
            before=request.query_params.get(BEFORE),
        )
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as invalid:
            raise NotFound(
                self.invalid_page_message.format(page_number=number, message=str(invalid))
            ) from invalid
        return list(self.page)

    def _with_key(self, url: str | None, name: str, key: str) -> str | None:
        if url is None:
            return None
        url = remove_query_param(remove_query_param(url, AFTER), BEFORE)
        return replace_query_param(url, name, key) if key else url

    def get_next_link(self) -> str | None:
        page: Page = self.page  # type: ignore[assignment]
        return self._with_key(super().get_next_link(), AFTER, page.next_key)

    def get_previous_link(self) -> str | None:
        page: Page = self.page  # type: ignore[assignment]
        return self._with_key(super().get_previous_link(), BEFORE, page.previous_key)

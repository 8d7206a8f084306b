"""The doors into Sunbula as tests walk them: every URL pattern, the pages and API operations
whose path carries a record's id, and the model each of those fetches."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sunbula.core import access

MISSING = 987654321  # an id no record has

PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
OTHER_VALUES = {"step": "signed", "kind": "strategy", "farmer_lang": "en"}


@dataclass(frozen=True)
class Door:
    name: str
    route: str
    viewset: Any = None

    def url(self, pk: object) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(2) or match.group(3)
            if name == "pk":
                return str(pk)
            return OTHER_VALUES.get(name, "x")

        return "/" + PLACEHOLDER.sub(value, self.route).replace("^", "").replace("$", "")


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(route, name with its namespace, pattern) for every URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join(part for part in (namespace, pattern.name) if part) or route
            yield route, name, pattern


# Pages for the public (a farmer, someone registering for an event, a conference's published
# financial announcements): no sign-in, no scope.
PUBLIC_DOORS = {
    "event_register",
    "farm_course",
    "farm_lesson",
    "farm_certificate",
    "conference_announcements",
}


def doors() -> list[Door]:
    """Every page (in English) and API operation whose path carries a record's id."""
    found = []
    for route, name, pattern in walk(get_resolver().url_patterns):
        if "pk>" not in route or "format>" in route or pattern.name in PUBLIC_DOORS:
            continue
        if route.startswith(("ar/", "fr/", "ru/")) or "/admin/" in route:
            continue
        viewset = getattr(pattern.callback, "cls", None)
        found.append(Door(name=name, route=route, viewset=viewset))
    return found


def pages_without_an_id() -> list[Door]:
    """Every page (in English) whose path carries nothing: the lists, the forms to add a
    record, the dashboards. The back office is Django's own."""
    return [
        Door(name=name, route=route)
        for route, name, _pattern in walk(get_resolver().url_patterns)
        if route.startswith("en/")
        and not route.startswith("en/admin/")
        and not PLACEHOLDER.search(route)
        and "<" not in route
    ]


# Learnt once a run: a view module first imported while the helper is watched keeps the
# watcher, so a second watch would miss its doors.
_LEARNT: dict[Door, type[Model]] = {}


def learn_models(client: Client) -> dict[Door, type[Model]]:
    """The model each door fetches, seen while an administrator asks for a missing id."""
    if _LEARNT:
        return _LEARNT
    seen: list[type[Model]] = []
    real_fetch = access.fetch

    def watching(source: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(source.model if isinstance(source, QuerySet) else source)
        return real_fetch(source, *args, **kwargs)

    models: dict[Door, type[Model]] = {}
    with pytest.MonkeyPatch.context() as patch:
        for module, name, value in _uses_of_fetch():
            if isinstance(value, partial):
                patch.setattr(module, name, partial(watching, *value.args, **value.keywords))
            else:
                patch.setattr(module, name, watching)
        for door in doors():
            seen.clear()
            client.get(door.url(MISSING))
            if not seen:
                client.post(door.url(MISSING))
            if seen:
                models[door] = seen[0]
            elif door.viewset is not None and queryset_model(door.viewset) is not None:
                # An API record comes from the viewset's scoped list (DRF's get_object).
                models[door] = queryset_model(door.viewset)  # type: ignore[assignment]
    _LEARNT.update(models)
    return _LEARNT


def _uses_of_fetch() -> list[tuple[Any, str, Any]]:
    """Every module-level name bound to the fetch helper, or to it with a queryset bound."""
    uses = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("sunbula."):
            continue
        for name, value in list(vars(module).items()):
            if value is access.fetch or (isinstance(value, partial) and value.func is access.fetch):
                uses.append((module, name, value))
    return uses


def queryset_model(viewset: Any) -> type[Model] | None:
    serializer_class = getattr(viewset, "serializer_class", None)
    meta = getattr(serializer_class, "Meta", None)
    return getattr(meta, "model", None)

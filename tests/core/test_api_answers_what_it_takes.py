"""An API answer holds every field its writes take: a client reads back what it wrote, and can
send a record back as it read it. Drawn from the URL configuration: each viewset whose writes
have their own serializer, and the registry's person card beside the person's write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from sunbula.registry.api import PersonCardSerializer, PersonWriteSerializer

WRITES = ("write_serializer_class", "change_serializer_class")


def _viewsets(patterns: list[URLPattern | URLResolver]) -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _viewsets(pattern.url_patterns)
        elif (viewset := getattr(pattern.callback, "cls", None)) is not None:
            yield viewset


def test_every_field_a_write_takes_is_in_the_answer() -> None:
    pairs = {(PersonWriteSerializer, PersonCardSerializer)}
    for viewset in set(_viewsets(get_resolver().url_patterns)):
        answer = getattr(viewset, "serializer_class", None)
        for write in (getattr(viewset, name, None) for name in WRITES):
            if write is not None and answer is not None and write is not answer:
                pairs.add((write, answer))
    assert len(pairs) > 10
    unread = {
        f"{write.__name__} → {answer.__name__}": sorted(set(write().fields) - set(answer().fields))
        for write, answer in pairs
    }
    assert {pair: fields for pair, fields in unread.items() if fields} == {}

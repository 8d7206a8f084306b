"""A partner's timeline, fed by every domain that knows something about the partner.

Higher domains (pledges, projects) call `register_timeline_source` from their AppConfig.ready();
`partners` never imports them. A source returns the entries the user may see, already scoped.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from sunbula.core.access import AnyUser
from sunbula.core.models import Organisation


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str | Promise
    title: str
    url: str


TimelineSource = Callable[[AnyUser, Organisation], list[TimelineEntry]]

_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _sources:
        _sources.append(source)


def timeline_for(user: AnyUser, organisation: Organisation) -> list[TimelineEntry]:
    """Every registered source's entries about `organisation`, oldest first."""
    entries: list[TimelineEntry] = []
    for source in _sources:
        entries.extend(source(user, organisation))
    return sorted(entries, key=lambda entry: (entry.on, str(entry.kind), entry.title))

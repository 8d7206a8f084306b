"""Registry records views fetch often, through core.access.fetch (scoped by `scope_rule`)."""

from __future__ import annotations

from functools import partial

from sunbula.core.access import fetch
from sunbula.registry.models import DuplicatePair
from sunbula.registry.permissions import RegistryPerm

fetch_duplicate_pair = partial(
    fetch,
    DuplicatePair.objects.select_related("person_1", "person_2"),
    perm=RegistryPerm.REVIEW_DUPLICATES,
)

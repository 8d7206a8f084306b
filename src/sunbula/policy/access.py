"""Policy records views fetch often, through core.access.fetch (scoped by `scope_rule`)."""

from __future__ import annotations

from functools import partial

from sunbula.core.access import fetch
from sunbula.policy.models import PolicyProfile
from sunbula.policy.permissions import PolicyPerm

fetch_profile = partial(
    fetch, PolicyProfile.objects.select_related("country"), perm=PolicyPerm.VIEW_PROFILE
)

"""The API's operations as tests call them on the demo: each path's key filled in with a
record the demo's administrator can see, and the query each operation requires."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.urls import resolve

from sunbula.assistance.models import Distribution
from sunbula.core.models import Country, User
from sunbula.fieldforms.models import KoboSource
from sunbula.funding.models import Pledge
from sunbula.learning.models import Delegation, Event
from sunbula.partners.models import FollowUpAction
from sunbula.programmes.models import ReportingPeriod
from sunbula.registry.models import Consent, Farmer, Person
from sunbula.reports.models import ReportRun
from sunbula.supply.models import StockBalance
from tests.openapi import schema

ADMINISTRATOR = "admin@sunbula.example"
WRITES = ("post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A value each kind of key can take when the path is matched to its view.
SAMPLE = {"id": "1", "iso3": "AFG", "p_code": "AF32"}


def operations() -> list[tuple[str, str]]:
    return [
        (path, method)
        for path, item in schema()["paths"].items()
        for method in item
        if method in ("get", *WRITES)
    ]


# Where the first record of the path's model is not one the operation reads: the record to
# use instead (the administrator sees every country).
def _farmer() -> Model | None:
    farmer = Farmer.objects.order_by("pk").first()
    return farmer.person if farmer else None


RECORDS: dict[str, Callable[[], Model | None]] = {
    "/api/v1/registry/people/{id}/farm/": _farmer,
    "/api/v1/supply/balances/{id}/": lambda: (
        StockBalance.objects.filter(quantity__gt=0).order_by("pk").first()
    ),
}
# The model a path's key names, where its view has no queryset to tell.
MODELS: dict[str, type[Model]] = {
    "/api/v1/reporting-periods/": ReportingPeriod,
    "/api/v1/learning/delegations/": Delegation,
    "/api/v1/registry/consents/": Consent,
    "/api/v1/supply/pipeline/": Pledge,
    "/api/v1/registry/people/": Person,
    "/api/v1/dashboards/": Country,
}
# Records the demo does not have: these operations are asked about an id that does not
# exist, and must say so as documented (404).
NOT_IN_DEMO: dict[str, Callable[[User], bool]] = {
    "/api/v1/fieldforms/kobo-sources/": lambda _user: KoboSource.objects.exists(),
    "/api/v1/my-follow-ups/": lambda user: FollowUpAction.objects.filter(owner=user).exists(),
    "/api/v1/reports/runs/": lambda user: ReportRun.objects.filter(requested_by=user).exists(),
}
MISSING = 987654321


def _point_list() -> dict[str, Any]:
    distribution = Distribution.objects.select_related("entitlement").order_by("pk").first()
    assert distribution is not None
    return {"site": distribution.site_id, "cycle": distribution.entitlement.cycle_id}


def query_for(path: str) -> dict[str, Any]:
    """Values for the operation's required query parameters."""
    if path == "/api/v1/learning/registrations/":
        return {"event": Event.objects.order_by("pk").values_list("pk", flat=True).first()}
    if path == "/api/v1/assistance/point/{id}/entitlements/":
        return {"site": _point_list()["site"]}
    return {}


def view_of(path: str) -> Any:
    return resolve(PLACEHOLDER.sub(lambda match: SAMPLE[match.group(1)], path)).func.cls  # type: ignore[attr-defined]


def model_of(path: str) -> type[Model]:
    for prefix, model in MODELS.items():
        if path.startswith(prefix):
            return model
    queryset = getattr(view_of(path), "queryset", None)
    assert queryset is not None, f"{path}: which record does the path name?"
    return queryset.model  # type: ignore[no-any-return]


def missing_from_demo(path: str, user: User) -> bool:
    for prefix, exists in NOT_IN_DEMO.items():
        if path.startswith(prefix) and "{" in path:
            assert not exists(user), f"{prefix}: the demo has one now; take it off NOT_IN_DEMO"
            return True
    return False


def concrete(path: str, user: User) -> str:
    """The path with its key filled in from a demo record the administrator can see."""
    if "{" not in path:
        return path
    if missing_from_demo(path, user):
        return PLACEHOLDER.sub(str(MISSING), path)
    if path == "/api/v1/assistance/point/{id}/entitlements/":
        return PLACEHOLDER.sub(str(_point_list()["cycle"]), path)
    found = RECORDS.get(path, lambda: model_of(path)._default_manager.order_by("pk").first())
    record = found()
    assert record is not None, f"{path}: the demo has no record for this operation"
    value: Any = record
    for part in getattr(view_of(path), "lookup_field", "pk").split("__"):
        value = getattr(value, part)
    return PLACEHOLDER.sub(str(value), path)

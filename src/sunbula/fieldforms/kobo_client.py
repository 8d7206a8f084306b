"""The KoboToolbox API v2 as Sunbula reads it: the projects of the account, the data URL of
a project since a moment, one page fetched with the token from the environment, a record's
submission time, and why an answer did not come."""

from __future__ import annotations

import datetime
import http.client
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError

from django.conf import settings
from django.utils.translation import gettext_noop

from sunbula.core.reasons import Reason
from sunbula.fieldforms.models import KoboSource, kobo_server_known

KOBO_PAGE_SIZE = 1000
# The account's assets are read 100 to a page, up to this many pages: a listing, not a pull.
KOBO_ASSETS_PAGE_SIZE = 100
KOBO_ASSET_PAGES = 10

# What a pull meets when a Kobo server is out of reach or answers other than with a page:
# no connection, a timeout, an HTTP error (a wrong token), a body that is not JSON.
KOBO_FAILURES: tuple[type[Exception], ...] = (OSError, ValueError, http.client.HTTPException)


def submitted_at(record: Mapping[str, Any]) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(record.get("_submission_time")))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def kobo_fetch(url: str) -> dict[str, Any]:
    """One page of the Kobo API, with the token from the environment (one of KOBO_FAILURES
    raised when none comes)."""
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise ValueError(url)
    if not kobo_server_known(url):
        raise ValueError(f"{url} is not on a server of SUNBULA_KOBO_SERVERS")
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        url,
        headers={"Authorization": f"Token {settings.KOBO_API_TOKEN}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        page = json.load(answer)
    if not isinstance(page, dict):
        raise ValueError("the answer is not a JSON object")
    return page


def kobo_data_url(source: KoboSource) -> str:
    """The first page to pull: submissions since the last one pulled, oldest first."""
    query: dict[str, str] = {"format": "json", "limit": str(KOBO_PAGE_SIZE)}
    query["sort"] = json.dumps({"_submission_time": 1})
    if source.pulled_until is not None:
        since = source.pulled_until.astimezone(datetime.UTC).replace(tzinfo=None)
        query["query"] = json.dumps({"_submission_time": {"$gte": since.isoformat()}})
    base = source.server_url.rstrip("/")
    return f"{base}/api/v2/assets/{source.asset_uid}/data/?{urllib.parse.urlencode(query)}"


def kobo_failure_reason(error: Exception) -> Reason:
    """Why a Kobo server gave no page (one of KOBO_FAILURES), kept untranslated: the
    server's answer, or why none came."""
    if isinstance(error, HTTPError):
        return Reason(
            gettext_noop("The Kobo server answered %(status)s (%(answer)s)."),
            {"status": error.code, "answer": str(error.reason)},
        )
    if isinstance(error, OSError):
        return Reason(
            gettext_noop("The Kobo server could not be reached: %(error)s."),
            {"error": str(getattr(error, "reason", "") or error)},
        )
    return Reason(
        gettext_noop("The Kobo server's answer could not be read: %(error)s."),
        {"error": str(error)},
    )


@dataclass(frozen=True)
class KoboProject:
    """A survey of the Kobo account: what a person picks to connect it."""

    uid: str
    name: str
    deployed: bool
    submissions: int


def kobo_assets_url(server_url: str) -> str:
    """The first page of the account's assets (KPI's asset list)."""
    base = server_url.rstrip("/")
    return f"{base}/api/v2/assets/?format=json&limit={KOBO_ASSETS_PAGE_SIZE}"


def _on_server(server_url: str, following: str) -> str:
    """The next page asked of the server the person named, whatever host the answer names:
    the token goes nowhere else."""
    server = urllib.parse.urlsplit(server_url)
    return (
        urllib.parse.urlsplit(following)
        ._replace(scheme=server.scheme, netloc=server.netloc)
        .geturl()
    )


def _project(asset: Any) -> KoboProject | None:
    """The asset as a project to connect; None for one that is not a survey (a block, a
    question, a template of the library)."""
    if not isinstance(asset, Mapping):
        raise ValueError("an asset is not a JSON object")
    if asset.get("asset_type") != "survey" or not asset.get("uid"):
        return None
    submissions = asset.get("deployment__submission_count")
    return KoboProject(
        uid=str(asset["uid"]),
        name=str(asset.get("name") or ""),
        deployed=asset.get("deployment__active") is True,
        submissions=submissions if isinstance(submissions, int) else 0,
    )


@dataclass(frozen=True)
class KoboListing:
    """The surveys of a Kobo account, by name; `more`: the account has pages not read."""

    projects: list[KoboProject]
    more: bool


def kobo_projects(
    server_url: str, fetch: Callable[[str], dict[str, Any]] = kobo_fetch
) -> KoboListing:
    """The surveys of the account the token opens on the server, by name, read page by page
    up to KOBO_ASSET_PAGES pages (one of KOBO_FAILURES raised when a page does not come)."""
    projects: list[KoboProject] = []
    url: str | None = kobo_assets_url(server_url)
    for _page in range(KOBO_ASSET_PAGES):
        if not url:
            break
        page = fetch(url)
        results = page.get("results") or []
        if not isinstance(results, list):
            raise ValueError("the assets are not a JSON list")
        projects.extend(project for asset in results if (project := _project(asset)))
        following = page.get("next")
        url = (
            _on_server(server_url, following) if isinstance(following, str) and following else None
        )
    by_name = sorted(projects, key=lambda project: (project.name.casefold(), project.uid))
    return KoboListing(projects=by_name, more=url is not None)

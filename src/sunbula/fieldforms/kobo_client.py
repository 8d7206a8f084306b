"""The KoboToolbox API v2 as Sunbula reads it: the data URL of a project since a moment,
one page fetched with the token from the environment, and a record's submission time."""

from __future__ import annotations

import datetime
import http.client
import json
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from sunbula.fieldforms.models import KoboSource

KOBO_PAGE_SIZE = 1000

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

"""A page offers only what opens: walking the demo from the home page as each persona, no link
a page shows answers 403 (an action the person may not take there) or 404 (a record outside
their scope), and none fails. Each kind of page (URL pattern) is opened at most `PER_KIND`
times a persona, so the walk meets records inside and outside the persona's scope without
opening every record.

A button is a form that posts: each kind of form a page offers is posted empty (at most
`PER_KIND` times, each in a savepoint rolled back after it), and must answer as a form does
(a redirect, or the form again with what is missing), never 403, 404 or a failure.

Every page and every form shown again with what is missing names only elements it has: a
label's field, the help and the errors a field is described by (`aria-describedby`), and no
two elements share an id, so that a screen reader reads each field with its own words."""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.markup

PERSONAS = (
    "officer.afg@sunbula.example",
    "officer.kaz@sunbula.example",
    "logistics.afg@sunbula.example",
    "protection.afg@sunbula.example",
    "me.officer@sunbula.example",
    "events@sunbula.example",
    "policy@sunbula.example",
    "donor.kaz@sunbula.example",
    "focal.afg@sunbula.example",
)
PER_KIND = 2
HREF = re.compile(r'<a [^>]*href="(/[^"#]*)')
# Files and downloads (rendered documents, exports) and the ways out are not walked.
NOT_WALKED = re.compile(r"/logout/|\.(pdf|csv|xlsx|xml|zip|png)\b|[?&](format|export|page|sort)=")
POSTING_FORM = re.compile(r'<form [^>]*method="post"[^>]*>', re.IGNORECASE)
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')
REFERENCES = re.compile(r'(?:<label[^>]*\sfor|aria-(?:describedby|labelledby|controls))="([^"]+)"')
SCRIPTS = re.compile(r"<(script|template)[^>]*>.*?</\1>", re.S)
ACTION = re.compile(r'action="([^"]*)"')


def _kind(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


class _Undo(Exception):
    """Raised to roll back what an empty post changed."""


def unnamed_ids(page: str, body: str) -> list[str]:
    """The ids `body` refers to that no element has, and those two elements share."""
    markup = SCRIPTS.sub("", body)
    ids = Counter(ELEMENT_ID.findall(markup))
    wrong = [
        f"{page}: id {name} is given {count} times" for name, count in ids.items() if count > 1
    ]
    for names in REFERENCES.findall(markup):
        wrong += [
            f"{page}: {name} is named, no element has it"
            for name in names.split()
            if name not in ids
        ]
    return wrong


def post_empty(client: Client, url: str) -> tuple[int, list[str]]:
    """What posting an empty form to `url` answers, with whatever it changed undone; and the
    ids the form shown again names wrongly."""
    status, wrong = 0, []
    try:
        with transaction.atomic():
            response = client.post(url, {})
            status = response.status_code
            if status in (400, 422) and response["Content-Type"].startswith("text/html"):
                wrong = unnamed_ids(f"{url} (refused)", response.content.decode())
            raise _Undo
    except _Undo:
        pass
    return status, wrong


def posted_forms(client: Client, page: str, body: str, posted: Counter[str]) -> list[str]:
    """The forms on `page` that answer 403, 404 or fail when posted, each kind posted at most
    `PER_KIND` times."""
    refused = []
    for form in POSTING_FORM.findall(body):
        action = ACTION.search(form)
        target = html.unescape(action.group(1)) if action and action.group(1) else page
        kind = _kind(target)
        if NOT_WALKED.search(target) or kind is None or posted[kind] >= PER_KIND:
            continue
        posted[kind] += 1
        status, wrong = post_empty(client, target)
        refused += wrong
        if status in (403, 404, 405) or status >= 500:
            refused.append(f"posting to {target} answers {status} on {page}")
    return refused


def walk(client: Client, language: str) -> list[str]:
    """The links that did not open and the forms that were refused, each with the page that
    offered it."""
    queue, offered_by = [f"/{language}/"], {f"/{language}/": "start"}
    opened: Counter[str] = Counter()
    posted: Counter[str] = Counter()
    refused = []
    while queue:
        url = queue.pop(0)
        kind = _kind(url)
        if kind is None or opened[kind] >= PER_KIND:
            if kind is None:
                refused.append(f"{url} (no such page) on {offered_by[url]}")
            continue
        opened[kind] += 1
        response = client.get(url)
        if response.status_code in (403, 404) or response.status_code >= 500:
            refused.append(f"{url} answers {response.status_code} on {offered_by[url]}")
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        body = response.content.decode()
        refused += unnamed_ids(url, body)
        refused += posted_forms(client, url, body, posted)
        for link in HREF.findall(body):
            link = html.unescape(link)
            walked = link.startswith(f"/{language}/") and not NOT_WALKED.search(link)
            if walked and link not in offered_by:
                offered_by[link] = url
                queue.append(link)
    return refused


@pytest.mark.parametrize("email", PERSONAS)
def test_every_link_and_button_a_page_offers_opens(demo: None, email: str) -> None:
    client = client_for(User.objects.get(email=email))
    refused = walk(client, "en")
    assert refused == [], "\n".join(refused)

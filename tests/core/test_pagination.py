"""The one pagination: pages read by the sort key their links carry, counts capped."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from sunbula.core import pagination
from sunbula.core import services as core_services
from sunbula.core.models import Organisation
from sunbula.core.views import paginate

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> list[Organisation]:
    # Names repeat, so the key needs the id to order the ties.
    for number in range(23):
        core_services.organisation_create(
            actor=None, name=f"Partner {number % 4}", kind="ngo", iati_type="22"
        )
    return list(Organisation.objects.order_by("name", "pk"))


def _walk(params: dict[str, str], direction: str) -> tuple[list[int], dict[str, str]]:
    page = paginate(
        RequestFactory().get("/en/organisations/", params), Organisation.objects.all(), 5
    )
    if direction == "next":
        following = (
            {"page": str(page.number + 1), "after": page.next_key} if page.has_next() else {}
        )
    else:
        following = (
            {"page": str(page.number - 1), "before": page.previous_key}
            if page.has_previous()
            else {}
        )
    return [organisation.pk for organisation in page], following


def test_the_next_and_previous_links_walk_the_list_by_key(
    organisations: list[Organisation],
) -> None:
    expected = [organisation.pk for organisation in organisations]
    seen: list[int] = []
    params: dict[str, str] = {}
    while True:
        rows, params = _walk(params, "next")
        seen += rows
        if not params:
            break
    assert seen == expected
    last = paginate(
        RequestFactory().get("/en/organisations/", {"page": "99"}), Organisation.objects.all(), 5
    )
    assert last.number == 5 and last.previous_key
    params = {"page": "4", "before": last.previous_key}
    back: list[int] = []
    while params:
        rows, params = _walk(params, "previous")
        back = rows + back
    assert back == expected[: len(back)] and len(back) == 20


def test_a_key_that_is_not_one_reads_the_page_by_number(
    organisations: list[Organisation],
) -> None:
    for key in ("%%%", "bm90IGpzb24", "WzFd", "WyJhIiwgImIiLCAiYyJd"):
        request = RequestFactory().get("/en/organisations/", {"page": "2", "after": key})
        page = paginate(request, Organisation.objects.all(), 5)
        assert [row.pk for row in page] == [row.pk for row in organisations[5:10]]


def test_a_long_list_is_counted_up_to_the_cap_then_estimated(
    organisations: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    short = pagination.Paginator(Organisation.objects.all(), 5)
    assert short.count == len(organisations) and not short.is_estimate
    monkeypatch.setattr(pagination, "EXACT_COUNT", 10)
    capped = pagination.Paginator(Organisation.objects.all(), 5)
    assert capped.count > 10
    # PostgreSQL's planner gives the estimate; elsewhere the list is counted.
    assert capped.is_estimate == (connection.vendor == "postgresql")
    if not capped.is_estimate:
        assert capped.count == len(organisations)


def test_the_page_says_about_when_the_count_is_an_estimate(
    organisations: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination.Paginator, "is_estimate", property(lambda self: True))
    from django.template.loader import render_to_string

    request = RequestFactory().get("/en/organisations/")
    page = paginate(request, Organisation.objects.all(), 5)
    html = render_to_string("core/_pagination.html", {"page": page, "request": request})
    assert "Page 1 of about" in html and "after=" in html


def test_the_api_links_carry_the_key(organisations: list[Organisation]) -> None:
    paginator = pagination.ApiPagination()
    paginator.page_size = 5
    expected = [organisation.pk for organisation in organisations]
    url = "/api/v1/organisations/?kind=ngo"
    seen: list[int] = []
    links = 0
    while url:
        request = Request(APIRequestFactory().get(url))
        rows = paginator.paginate_queryset(Organisation.objects.all(), request) or []
        seen += [row.pk for row in rows]
        link = paginator.get_next_link()
        if link:
            links += 1
            query = parse_qs(urlsplit(link).query)
            assert query["after"] and query["kind"] == ["ngo"]
        url = link or ""
    assert seen == expected and links == 4


def test_a_list_that_can_hold_nothing_counts_nothing(organisations: list[Organisation]) -> None:
    for records in (Organisation.objects.none(), Organisation.objects.filter(pk__in=[])):
        empty = pagination.Paginator(records, 5)
        assert empty.count == 0 and not empty.is_estimate
        assert list(empty.get_page(1)) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
def test_a_long_lists_estimate_is_kept_and_a_short_lists_count_is_not(
    organisations: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "EXACT_COUNT", 10)
    first = pagination.Paginator(Organisation.objects.all(), 5)
    assert first.count > 10 and first.is_estimate
    with CaptureQueriesContext(connection) as queries:
        again = pagination.Paginator(Organisation.objects.all(), 5)
        assert again.count == first.count and again.is_estimate
    assert len(queries) == 0
    short = Organisation.objects.filter(pk__in=[row.pk for row in organisations[:3]])
    assert pagination.Paginator(short, 5).count == 3
    with CaptureQueriesContext(connection) as queries:
        assert pagination.Paginator(short, 5).count == 3
    assert len(queries) == 1

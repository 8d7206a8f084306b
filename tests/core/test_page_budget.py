"""The home page fits the budget of a field office on a slow, costly connection."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTML_BUDGET = 14 * 1024
ASSET_BUDGET = 40 * 1024


def _gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_home_page_html_fits_in_14_kb_gzipped(admin: User, language: str) -> None:
    response = client_for(admin).get(f"/{language}/")
    assert response.status_code == 200
    assert _gzipped_size(response.content) <= HTML_BUDGET


def test_home_page_assets_fit_in_40_kb_gzipped_and_come_from_this_server(admin: User) -> None:
    html = client_for(admin).get("/ar/").content.decode()
    references = re.findall(r'(?:href|src)="([^"]+)"', html)
    assets = [ref for ref in references if ref.endswith((".css", ".js", ".svg", ".woff2"))]
    assert assets, "the page loads no stylesheet"
    total = 0
    for ref in assets:
        assert ref.startswith("/static/"), f"{ref} is not served by Sunbula"
        path = finders.find(ref.removeprefix("/static/"))
        assert path, f"{ref} is missing"
        with open(path, "rb") as asset:
            total += _gzipped_size(asset.read())
    assert total <= ASSET_BUDGET


def test_nothing_on_the_page_comes_from_another_host(admin: User) -> None:
    for url in ("/en/", "/ar/organisations/", "/en/sites/", "/en/accounts/login/"):
        html = client_for(admin).get(url).content.decode()
        external = re.findall(r'(?:href|src|action)="((?:https?:)?//[^"]+)"', html)
        # Links a reader may follow (an organisation's website) are not loads; none here.
        assert external == [], f"{url} refers to {external}"
        assert "@import" not in html

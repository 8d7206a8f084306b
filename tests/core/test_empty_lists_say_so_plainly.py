"""An empty list says so plainly ("No pledge yet."), in every language: never "in your
countries", which is wrong for an administrator or a donor viewer, who are bound to none."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Each list page with what it says when there is nothing to list.
EMPTY = {
    "funding:pledge_list": "No pledge yet.",
    "funding:conference_list": "No conference yet.",
    "funding:appeal_list": "No appeal yet.",
    "funding:requirement_list": "No requirement yet.",
    "assistance:cycle_list": "No cycle yet.",
    "allocation:proposal_list": "No allocation proposal yet.",
    "allocation:food_basket": "No food in the pipeline.",
    "supply:stock": "No stock on hand.",
    "supply:balance_list": "No stock on hand.",
    "supply:waybill_list": "No waybill yet.",
    "programmes:four_w": "Nothing recorded yet.",
    "programmes:asset_list": "0 assets",
    "reports:dashboard_index": "No country has projects yet.",
}
# What a donor viewer reads of them.
DONOR_READS = ["funding:pledge_list", "funding:conference_list", "funding:appeal_list"]
# "in your countries", "in your scope" as each language says it.
SCOPE_WORDS = {
    "en": ("your countries", "your scope"),
    "fr": ("vos pays", "votre périmètre"),
    "ru": ("ваших стран", "вашей зоны доступа", "вашей зоне доступа"),
    "ar": ("بلدانك", "نطاقك"),
}


def _page(user: User, name: str, language: str) -> str:
    with translation.override(language):
        url = reverse(name)
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("name", list(EMPTY))
def test_an_administrator_reads_an_empty_list_plainly(admin: User, name: str) -> None:
    assert EMPTY[name] in _page(admin, name, "en")
    for language, words in SCOPE_WORDS.items():
        page = _page(admin, name, language)
        assert not [word for word in words if word in page], (language, name)


@pytest.mark.parametrize("name", DONOR_READS)
@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_a_donor_viewer_reads_an_empty_list_in_its_language(
    donor_viewer: User, name: str, language: str
) -> None:
    with translation.override(language):
        said = translation.gettext(EMPTY[name])
    assert said != EMPTY[name]
    page = _page(donor_viewer, name, language)
    assert said in page
    assert not [word for word in SCOPE_WORDS[language] if word in page]

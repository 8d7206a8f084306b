"""A record's address is the one `reverse()` gives, in every language and under a prefix."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from sunbula.core.addresses import record_url


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
@pytest.mark.parametrize("pk", [1, 42, 1_000_620])
def test_the_address_of_a_record_is_the_one_reverse_gives(language: str, pk: int) -> None:
    with translation.override(language):
        for view in ("registry:household_detail", "funding:pledge_detail", "core:site_detail"):
            assert record_url(view, pk) == reverse(view, args=[pk])


def test_the_address_follows_the_script_prefix() -> None:
    set_script_prefix("/sunbula/")
    try:
        assert record_url("funding:pledge_detail", 5) == "/sunbula/en/funding/pledges/5/"
    finally:
        set_script_prefix("/")
    assert record_url("funding:pledge_detail", 5) == "/en/funding/pledges/5/"


def test_an_id_that_is_not_a_number_is_refused_as_reverse_refuses_it() -> None:
    with pytest.raises(NoReverseMatch):
        record_url("funding:pledge_detail", None)  # type: ignore[arg-type]
    with pytest.raises(NoReverseMatch):
        record_url("funding:pledge_detail", "5/../admin")  # type: ignore[arg-type]

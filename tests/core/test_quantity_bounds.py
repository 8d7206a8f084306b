"""A quantity beyond any plausible one is refused with the field's message, however many
digits it has: never an arithmetic error (a server error on the page that received it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.validation import MAX_KILOGRAMS, kilograms_in_bounds


@pytest.mark.parametrize("text", ["1e999999999", "-1e999999999", "1e30", "-1e30"])
def test_a_quantity_of_any_size_beyond_the_bound_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        kilograms_in_bounds(Decimal(text))
    assert refused.value.code == "quantity_too_large"


@pytest.mark.parametrize("value", [Decimal(0), MAX_KILOGRAMS, -MAX_KILOGRAMS, None])
def test_a_quantity_within_the_bound_passes(value: Decimal | None) -> None:
    kilograms_in_bounds(value)

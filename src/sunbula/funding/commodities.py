"""The commodities an in-kind pledge may name, offered by the app that stocks them.

Funding sits below supply and cannot read its commodity list; supply registers a source
here (from its plugins), so the pledge pages offer the commodities that goods can be
received as, and say when a pledge's free text matches none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CommodityOption:
    code: str
    name: str
    label: str


CommoditySource = Callable[[], Sequence[CommodityOption]]
_sources: list[CommoditySource] = []


def register_commodity_source(source: CommoditySource) -> None:
    if source not in _sources:
        _sources.append(source)


def commodity_options() -> list[CommodityOption]:
    return [option for source in _sources for option in source()]


def matching_option(text: str, options: Sequence[CommodityOption]) -> CommodityOption | None:
    """The option a pledge's free text names, by English name or code (as goods are received)."""
    wanted = text.strip().casefold()
    for option in options:
        if wanted in (option.name.casefold(), option.code.casefold()):
            return option
    return None


def commodity_name(text: str) -> str:
    """A pledge's commodity as the reader reads it: the name, in their language, of the
    commodity its free text names, else the text as typed."""
    return commodity_names([text])[text]


def commodity_names(texts: Iterable[str]) -> dict[str, str]:
    """`commodity_name` of each of `texts`, the commodities read once: for a list of pledges
    (`{{ pledge.commodity|named:commodity_names }}`)."""
    wanted = set(texts)
    options = commodity_options() if any(wanted) else []
    names = {}
    for text in wanted:
        option = matching_option(text, options) if text else None
        names[text] = option.label if option else text
    return names

"""`{% svg_map map %}`: a `sunbula.core.maps.DrawnMap` as inline SVG."""

from __future__ import annotations

from typing import Any

from django import template

from sunbula.core.maps import DrawnMap

register = template.Library()


@register.inclusion_tag("core/_map.html")
def svg_map(drawn: DrawnMap) -> dict[str, Any]:
    return {"map": drawn}

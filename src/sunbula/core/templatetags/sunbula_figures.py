"""Figures in templates, loaded on every template (settings TEMPLATES builtins):

    {{ pledge.amount|money:pledge.currency }}      <bdi>870,000.00 USD</bdi>
    {{ balance.quantity|quantity:"kg" }}            <bdi>10,000 kg</bdi>
    {{ row.people|number }}  {{ row.share|percent }}  {{ pledge.pledged_on|day }}
    {{ rate.units_per_usd|exact }}                  <bdi>3.75</bdi> (every decimal it holds)
    {{ session.starts_at|moment:event.time_zone }}  {{ session.ends_at|clock:event.time_zone }}

See sunbula.core.figures for the formats and the Solar Hijri rule."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import SafeString

from sunbula.core import figures

register = template.Library()


@register.filter(is_safe=True)
def money(value: object, currency: object) -> SafeString:
    return figures.safe(figures.money(value, currency))


@register.filter(is_safe=True)
def quantity(value: object, unit: object = "") -> SafeString:
    return figures.safe(figures.quantity(value, unit))


@register.filter(is_safe=True)
def number(value: object, places: object = None) -> SafeString:
    return figures.safe(figures.number(value, None if places in (None, "") else int(str(places))))


@register.filter(is_safe=True)
def exact(value: object) -> SafeString:
    """A number with every decimal it holds and none beyond (a rate kept to eight places:
    3.75, 0.00012345), where `number` rounds to three."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return number(value)
    if not amount.is_finite():
        return number(value)
    return number(amount, max(0, -int(amount.normalize().as_tuple().exponent)))


@register.filter(is_safe=True)
def percent(value: object, places: object = 0) -> SafeString:
    return figures.safe(figures.percent(value, int(str(places or 0))))


@register.filter(is_safe=True)
def day(value: object) -> SafeString:
    return figures.safe(figures.day(value))


@register.filter(is_safe=True)
def moment(value: object, zone: object = None) -> SafeString:
    return figures.safe(figures.moment(value, zone))


@register.filter(is_safe=True)
def clock(value: object, zone: object = None) -> SafeString:
    return figures.safe(figures.clock(value, zone))


@register.filter
def unit_name(unit: object, count: object = 1) -> str:
    return figures.unit_name(str(unit or ""), count)

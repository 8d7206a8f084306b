"""Writes to partner profiles and their focal points."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import create_audited, given_fields, remove_audited
from sunbula.core.models import Country, Organisation, User
from sunbula.core.multilingual import is_interface_language
from sunbula.partners.models import (
    FocalPoint,
    Partner,
)
from sunbula.partners.services._records import _save_with_m2m


class PartnerFields(TypedDict, total=False):
    """What `partner_update` takes."""

    organisation: Organisation
    roles: list[str]
    sectors: list[str]
    countries: Iterable[Country]


PARTNER_FIELDS = tuple(PartnerFields.__annotations__)


@transaction.atomic
def partner_create(
    *,
    actor: User,
    organisation: Organisation,
    roles: list[str],
    sectors: list[str] | None = None,
    countries: Iterable[Country] = (),
) -> Partner:
    """Make `organisation` a partner, with its partnership roles and where it works."""
    partner = Partner()
    _save_with_m2m(
        actor=actor,
        obj=partner,
        values={
            "organisation": organisation,
            "roles": list(roles),
            "sectors": list(sectors or []),
            "countries": list(countries),
        },
        m2m="countries",
        verb="created",
    )
    return partner


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, **fields: Unpack[PartnerFields]) -> Partner:
    """Change the fields given; the others keep their values."""
    values = given_fields("partner_update", fields, PARTNER_FIELDS)
    _save_with_m2m(actor=actor, obj=partner, values=values, m2m="countries", verb="updated")
    return partner


@transaction.atomic
def focal_point_add(
    *,
    actor: User,
    partner: Partner,
    title: str,
    organisation: Organisation,
    name: str = "",
    email: str = "",
    language: str = "",
) -> FocalPoint:
    """A contact at the partner: a title, and at most a name and a work e-mail; written to
    in `language` (one of the interface languages; the site's own by default)."""
    language = language or settings.LANGUAGE_CODE
    if not is_interface_language(language):
        raise ValidationError({"language": _("Unknown language.")})
    return create_audited(
        actor=actor,
        model=FocalPoint,
        values={
            "partner": partner,
            "title": title,
            "organisation": organisation,
            "name": name,
            "email": email,
            "language": language,
        },
    )


@transaction.atomic
def focal_point_remove(*, actor: User, focal_point: FocalPoint) -> None:
    remove_audited(
        actor=actor,
        obj=focal_point,
        fields=("partner", "title", "name", "organisation", "email", "language"),
    )

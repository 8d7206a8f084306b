"""Organisations and sites."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import (
    create_audited,
    given_fields,
    update_audited,
)
from sunbula.core.models import (
    AdminArea,
    Country,
    Organisation,
    Site,
    User,
)


class OrganisationFields(TypedDict, total=False):
    """What `organisation_create` and `organisation_update` take."""

    name: str
    name_translations: dict[str, str]
    acronym: str
    kind: str
    iati_type: str
    iati_identifier: str
    country: Country | None
    parent: Organisation | None
    website: str


class SiteFields(TypedDict, total=False):
    """What `site_create` and `site_update` take."""

    name: str
    name_translations: dict[str, str]
    kind: str
    country: Country
    admin_area: AdminArea | None
    latitude: Decimal | None
    longitude: Decimal | None
    operating_organisation: Organisation | None
    is_illustrative: bool


ORGANISATION_FIELDS = tuple(OrganisationFields.__annotations__)
SITE_FIELDS = tuple(SiteFields.__annotations__)

# What a person fills in about an organisation after its name, in the order the page and
# the API show it.
ORGANISATION_DETAILS = (
    "acronym",
    "kind",
    "iati_type",
    "iati_identifier",
    "country",
    "parent",
    "website",
)

# What a person fills in about a site after its name, in the order the page and the API
# show it.
SITE_DETAILS = ("kind", "country", "admin_area", "latitude", "longitude", "operating_organisation")


@transaction.atomic
def organisation_create(
    *, actor: User | None, **fields: Unpack[OrganisationFields]
) -> Organisation:
    values = given_fields("organisation_create", fields, ORGANISATION_FIELDS)
    return create_audited(actor=actor, model=Organisation, values=values)


@transaction.atomic
def organisation_update(
    *, actor: User | None, organisation: Organisation, **fields: Unpack[OrganisationFields]
) -> Organisation:
    """Change the fields given; the others keep their values."""
    values = given_fields("organisation_update", fields, ORGANISATION_FIELDS)
    return update_audited(actor=actor, obj=organisation, values=values)


@transaction.atomic
def site_create(*, actor: User | None, **fields: Unpack[SiteFields]) -> Site:
    values = given_fields("site_create", fields, SITE_FIELDS)
    return create_audited(actor=actor, model=Site, values=values)


@transaction.atomic
def site_update(*, actor: User | None, site: Site, **fields: Unpack[SiteFields]) -> Site:
    """Change the fields given; the others keep their values."""
    values = given_fields("site_update", fields, SITE_FIELDS)
    return update_audited(actor=actor, obj=site, values=values)

"""Writes to partner profiles and their focal points."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import create_audited, given_fields, remove_audited, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.figures import number_text
from sunbula.core.lists import joined
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


class FocalPointFields(TypedDict, total=False):
    """What `focal_point_update` corrects."""

    title: str
    name: str
    organisation: Organisation
    email: str
    language: str


FOCAL_POINT_FIELDS = tuple(FocalPointFields.__annotations__)


class FocalPointInUse(DomainError):
    """Records still name the focal point (a pledge, whose reminders are sent to them): it
    stays until they name someone else."""

    status_code = 409


def _language_of_correspondence(language: str) -> str:
    """`language`, one of the interface languages (the site's own when none is given)."""
    language = language or settings.LANGUAGE_CODE
    if not is_interface_language(language):
        raise ValidationError({"language": _("Unknown language.")})
    return language


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
    return create_audited(
        actor=actor,
        model=FocalPoint,
        values={
            "partner": partner,
            "title": title,
            "organisation": organisation,
            "name": name,
            "email": email,
            "language": _language_of_correspondence(language),
        },
    )


@transaction.atomic
def focal_point_update(
    *, actor: User, focal_point: FocalPoint, **fields: Unpack[FocalPointFields]
) -> FocalPoint:
    """Correct the fields given (a new title, e-mail or language of correspondence); the
    others keep their values, and the records that name the contact keep naming them."""
    values = given_fields("focal_point_update", fields, FOCAL_POINT_FIELDS)
    if "language" in values:
        values["language"] = _language_of_correspondence(values["language"])
    stored = _locked(focal_point)
    organisation = values.get("organisation")
    if organisation is not None and organisation.pk != stored.organisation_id:
        # A pledge names a contact of its donor: one who moves organisation is a new contact.
        uses = _records_naming(focal_point)
        if uses:
            raise ValidationError(
                {
                    "organisation": _(
                        "%(contact)s is still the focal point of: %(uses)s. Add the contact "
                        "at their new organisation as a new focal point instead."
                    )
                    % {"contact": stored, "uses": joined(uses)}
                }
            )
    return update_audited(actor=actor, obj=focal_point, values=values)


def _locked(focal_point: FocalPoint) -> FocalPoint:
    """The focal point as stored, locked until the transaction ends: a record linking to it
    meanwhile waits."""
    return FocalPoint._base_manager.select_for_update().get(pk=focal_point.pk)


def _records_naming(focal_point: FocalPoint) -> list[str]:
    """What still names `focal_point` outside its own parts, by kind with how many: links
    from other domains (a pledge) are found through the model's relations, as this domain
    does not import them."""
    uses = []
    for relation in FocalPoint._meta.get_fields(include_hidden=True):
        # Links to the contact, those without a reverse accessor too (a pledge's).
        if not isinstance(relation, models.ForeignObjectRel) or relation.many_to_many:
            continue
        if relation.on_delete is models.CASCADE:
            continue
        records = relation.related_model._base_manager.filter(**{relation.field.name: focal_point})
        count = records.count()
        if count:
            uses.append(
                _("%(records)s (%(count)s)")
                % {
                    "records": relation.related_model._meta.verbose_name_plural,
                    "count": number_text(count),
                }
            )
    return uses


@transaction.atomic
def focal_point_remove(*, actor: User, focal_point: FocalPoint) -> None:
    """Remove a contact no record names any more; while one does (a pledge, whose reminders
    go to them), the removal is refused and nothing changes."""
    _locked(focal_point)
    uses = _records_naming(focal_point)
    if uses:
        raise FocalPointInUse(
            _(
                "%(contact)s is still the focal point of: %(uses)s. Name another focal point "
                "there first, or correct this one instead of removing it."
            )
            % {"contact": focal_point, "uses": joined(uses)}
        )
    remove_audited(
        actor=actor,
        obj=focal_point,
        fields=("partner", "title", "name", "organisation", "email", "language"),
    )

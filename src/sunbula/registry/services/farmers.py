"""Writes to farmers and their consent."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    update_audited,
    upsert_audited,
)
from sunbula.core.models import User
from sunbula.registry.models import (
    Consent,
    Farmer,
    Person,
)
from sunbula.registry.services.persons import RegistryError, still_held

# What a farm record holds, as the farm form and the API take it.
FARMER_FIELDS = (
    "farm_area_ha",
    "tenure",
    "irrigation",
    "crops",
    "group_name",
    "extension_contacts",
    "last_extension_contact",
)


@transaction.atomic
def farmer_upsert(
    *,
    actor: User | None,
    person: Person,
    farm_area_ha: Decimal,
    tenure: str,
    irrigation: str,
    crops: Sequence[str] = (),
    group_name: str = "",
    extension_contacts: int | None = 0,
    last_extension_contact: datetime.date | None = None,
) -> Farmer:
    """Record, or update, what a person farms and how; no count of extension contacts
    given (a farmer may have had none) counts as none."""
    still_held(person)
    return upsert_audited(
        actor=actor,
        model=Farmer,
        lookup={"person": person},
        values={
            "farm_area_ha": farm_area_ha,
            "tenure": tenure,
            "irrigation": irrigation,
            "crops": list(crops),
            "group_name": group_name,
            "extension_contacts": extension_contacts or 0,
            "last_extension_contact": last_extension_contact,
        },
    )


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    person: Person,
    purpose: str,
    given_on: datetime.date,
    method: str,
    expires_on: datetime.date | None = None,
) -> Consent:
    """A consent a person gave, for one purpose, until an expiry date or withdrawal."""
    still_held(person)
    return upsert_audited(
        actor=actor,
        model=Consent,
        lookup={"person": person, "purpose": purpose, "given_on": given_on},
        values={"method": method, "expires_on": expires_on},
    )


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, on: datetime.date | None = None) -> Consent:
    """Withdraw a consent (today, unless `on` says when); a consent withdrawn already keeps
    the day it was withdrawn and the second withdrawal is refused, as is the withdrawal of a
    consent of a record that can no longer change (merged into another, or erased)."""
    still_held(Person.objects.select_for_update().get(pk=consent.person_id))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise RegistryError(_("This consent has been withdrawn already."))
    return update_audited(
        actor=actor, obj=consent, values={"withdrawn_on": on or timezone.localdate()}
    )

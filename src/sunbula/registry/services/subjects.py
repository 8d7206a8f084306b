"""A person's rights over their data: their own file (a subject access request), and
erasure; each with the reason the protection officer stated, in the audit log.

Erasure clears what identifies the person and keeps what they were given: distributions,
entitlements and headcounts stay, so that stock and people reached still add up.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, audit_values_forget, remove_audited, snapshot
from sunbula.core.models import User
from sunbula.registry.holdings import forget_elsewhere
from sunbula.registry.models import DuplicatePair, Farmer, Person
from sunbula.registry.services.persons import (
    PERSONAL_FIELDS,
    RegistryError,
    personal_data_access_record,
    stated_reason,
)

# What erasure clears besides the sealed data and its look-up hashes, as it is left: the
# number the person has in another system (an import would otherwise fill the record again),
# the identity document they hold and their vulnerabilities (health among them). The same
# blanks replace these values in the audit entries of the person.
ERASED_PUBLIC: dict[str, object] = {
    "external_id": "",
    "id_document_type": "",
    "vulnerabilities": [],
}
# A pair's evidence says what the person shared with another record (a phone, a name).
ERASED_PAIR: dict[str, list[str]] = {"evidence": []}
# The reason an officer typed for reading the person's data unmasked may name them; the
# reading itself (who, when, through what) stays on record.
ERASED_READING: dict[str, object] = {"reason": ""}
# A farm tells its holder apart (a group, crops, an area to the hundredth of a hectare): the
# record goes, and its earlier audit entries keep these blanks instead of FARMER_FIELDS.
ERASED_FARM: dict[str, object] = {
    "farm_area_ha": "",
    "tenure": "",
    "irrigation": "",
    "crops": [],
    "group_name": "",
    "extension_contacts": 0,
    "last_extension_contact": None,
}


def subject_access_record(*, actor: User, person: Person, reason: str) -> str:
    """A protection officer opens everything held about `person` (their subject access
    request), for the reason stated: recorded as a reading of personal data unmasked. The
    reason, as kept."""
    reason = stated_reason(reason, _("State why you open this person's data."))
    personal_data_access_record(
        actor=actor, people=[person], channel="subject_access", reason=reason
    )
    return reason


@transaction.atomic
def person_erase(*, actor: User, person: Person, reason: str) -> Person:
    """Erase a person's personal data for good, at their request or once it is no longer
    needed: the sealed fields and their look-up hashes, the name (shown as "Erased person"),
    the birth date, their farm, the reasons typed for reading their data, and what other
    domains kept of them (a field submission's values, the number a list row was listed by,
    the reason a distribution to them was corrected). The record stays, erased, with what
    the person received; its pairs waiting for review go.

    Neither this entry nor an earlier one keeps an erased value: the audit log records who
    erased, when and why."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_erased:
        raise RegistryError(_("This person's data has been erased already."))
    reason = stated_reason(reason, _("State why you erase this person's data."))
    before = snapshot(person, ("status", "duplicate_of"))
    erased_fields = [name for name in PERSONAL_FIELDS if getattr(person, name)]
    person.sealed = {}
    person.name_key = person.given_key = person.family_key = ""
    person.phone_hash = person.id_number_hash = ""
    for name, blank in ERASED_PUBLIC.items():
        setattr(person, name, blank)
    person.status = Person.Status.ERASED
    person.duplicate_of = None
    person.erased_at = timezone.now()
    person.erased_by = actor
    # Not full_clean(): a given name is required of every record but this one.
    person.save()
    pairs = list(
        DuplicatePair.objects.filter(Q(person_1=person) | Q(person_2=person)).order_by("pk")
    )
    blanked = audit_values_forget(records=[person], blanks={**ERASED_PUBLIC, **ERASED_READING})
    blanked += audit_values_forget(records=pairs, blanks=ERASED_PAIR)
    farms = list(Farmer.objects.select_for_update().filter(person=person))
    blanked += audit_values_forget(records=farms, blanks=ERASED_FARM)
    for farm in farms:
        remove_audited(actor=actor, obj=farm, fields=("person",))
    decided = [pair.pk for pair in pairs if pair.status != DuplicatePair.Status.PENDING]
    DuplicatePair.objects.filter(pk__in=decided).update(**ERASED_PAIR)
    waiting = [pair for pair in pairs if pair.status == DuplicatePair.Status.PENDING]
    for pair in waiting:
        remove_audited(actor=actor, obj=pair, fields=("person_1", "person_2", "status", "score"))
    cleared = forget_elsewhere(actor, person)
    audit_record(
        actor=actor,
        action="registry.person.erased",
        obj=person,
        before=before,
        after={
            **snapshot(person, ("status", "duplicate_of", "erased_at")),
            "personal_fields": erased_fields,
            "reason": reason,
            "pairs_removed": len(waiting),
            "farms_removed": len(farms),
            "audit_entries_blanked": blanked,
            **cleared,
        },
    )
    return person

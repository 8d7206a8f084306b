"""What assistance forgets of a person whose personal data the registry erases: the number
from another system their list rows were listed by, the reasons typed for correcting what
they were handed, and the free text of their answers to post-distribution monitoring. What
they were entitled to, given and answered by choice or number stays, so that stock, people
reached and the monitoring's results still add up."""

from __future__ import annotations

from django.db import transaction

from sunbula.assistance.models import Beneficiary, Distribution, Entitlement
from sunbula.assistance.selectors import person_monitoring_samples
from sunbula.core.audit import audit_names_forget, audit_record, audit_values_forget
from sunbula.core.models import User
from sunbula.learning import services as surveys
from sunbula.registry.models import Person

# The same blanks replace these values in the records' earlier audit entries.
ERASED_REFERENCE = {"reference": ""}
ERASED_REASON = {"reason": ""}


def _monitoring_texts_forget(actor: User, person: Person) -> int:
    """Have surveys blank the free text answered to post-distribution monitoring through a
    sampled row of `person` or of their household (what their file lists); the answers stay,
    so that the monitoring's counts do not change. How many were blanked."""
    samples = person_monitoring_samples(person=person).select_related("invitation")
    return surveys.survey_answer_texts_forget(
        actor=actor, invitations=[sample.invitation for sample in samples.order_by("pk")]
    )


def _listed_reference(row: Beneficiary, person: Person) -> str:
    """What a list row of an erased person is listed by: their registry number, or with the
    row's own number when another row of the cycle is listed by that already."""
    number = f"P-{person.pk}"
    taken = Beneficiary.objects.filter(cycle_id=row.cycle_id, reference=number).exclude(pk=row.pk)
    return f"{number}/{row.pk}" if taken.exists() else number


@transaction.atomic
def person_assistance_forget(*, actor: User, person: Person) -> dict[str, int]:
    """Forget what assistance keeps of `person`'s personal data (already fetched and
    authorised, inside the registry's erasure): each list row of theirs is listed by their
    registry number instead of their number in another system, and the reasons typed for
    correcting their distributions and the free text of their answers to post-distribution
    monitoring are cleared, here and in the audit log. Counts of what was cleared, by kind of
    record."""
    rows = list(Beneficiary.objects.select_for_update().filter(person=person).order_by("pk"))
    listed_as = {row.pk: _listed_reference(row, person) for row in rows}
    relisted = [row for row in rows if row.reference != listed_as[row.pk]]
    audit_values_forget(records=relisted, blanks=ERASED_REFERENCE)
    corrected = list(
        Distribution.objects.select_for_update()
        .filter(beneficiary__in=rows)
        .exclude(reason="")
        .order_by("pk")
    )
    audit_values_forget(records=corrected, blanks=ERASED_REASON)
    Distribution.objects.filter(pk__in=[one.pk for one in corrected]).update(reason="")
    for row in rows:
        before = row.reference
        row.reference = listed_as[row.pk]
        row.save(update_fields=["reference"])
        audit_record(
            actor=actor,
            action="assistance.beneficiary.erased",
            obj=row,
            after={
                "reference": row.reference,
                "relisted": before != row.reference,
                "distribution_reasons_cleared": sum(
                    1 for one in corrected if one.beneficiary_id == row.pk
                ),
            },
        )
    entitlements = (
        Entitlement.objects.filter(beneficiary__in=rows)
        .select_related("beneficiary", "commodity")
        .order_by("pk")
    )
    audit_names_forget(records=[*rows, *entitlements])
    return {
        "list_rows_relisted": len(relisted),
        "distribution_reasons_cleared": len(corrected),
        "monitoring_answers_cleared": _monitoring_texts_forget(actor, person),
    }

"""A hand-over submitted from ODK Collect at a distribution point: recorded through the
distribution point's service, visible in the lot's trace; already served or out of stock
is kept for review."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Submission
from sunbula.fieldforms.purposes import instance_uuid
from sunbula.supply.models import StockMovement
from tests.conftest import Field, client_for, ready
from tests.fieldforms.conftest import collect_for

pytestmark = pytest.mark.django_db


def _values(entitlement: Entitlement, quantity: str = "50") -> dict[str, str]:
    return {
        "beneficiary": entitlement.beneficiary.reference,
        "entitlement": str(entitlement.pk),
        "quantity": quantity,
        "distributed_on": "2023-06-05",
    }


def test_a_hand_over_is_recorded_once_and_appears_in_the_trace(
    officer_afg: User, field: Field, distribution_form: FieldForm
) -> None:
    entitlement = ready(field.cycle)
    collect = collect_for(officer_afg)
    response, instance_id = collect.submit(distribution_form, _values(entitlement))
    assert response.status_code == 201, response.content
    distribution = Distribution.objects.get()
    assert distribution.client_id == instance_uuid(instance_id)
    assert distribution.quantity == Decimal(50)
    assert distribution.recorded_by == officer_afg
    assert Submission.objects.get().records == [["assistance.distribution", distribution.pk]]
    collect.submit(distribution_form, _values(entitlement), instance_id=instance_id)
    assert Distribution.objects.count() == 1
    trace = client_for(officer_afg).get(f"/en/assistance/trace/lots/{field.early_lot.pk}/")
    assert trace.status_code == 200
    assert "Herat drug-treatment centre" in trace.content.decode()


def test_already_served_is_kept_for_review(
    officer_afg: User, field: Field, distribution_form: FieldForm
) -> None:
    entitlement = ready(field.cycle)
    collect = collect_for(officer_afg)
    collect.submit(distribution_form, _values(entitlement))
    movements = StockMovement.objects.count()
    response, instance_id = collect.submit(distribution_form, _values(entitlement))
    assert response.status_code == 202
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert "already" in submission.shown_reason
    assert Distribution.objects.count() == 1
    assert StockMovement.objects.count() == movements


def test_too_much_is_kept_for_review_then_accepted_corrected(
    officer_afg: User, field: Field, distribution_form: FieldForm
) -> None:
    entitlement = ready(field.cycle)
    _response, instance_id = collect_for(officer_afg).submit(
        distribution_form, _values(entitlement, "5000")
    )
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert not Distribution.objects.exists()
    services.submission_accept(
        actor=officer_afg, submission=submission, corrections={"quantity": "50"}
    )
    assert Distribution.objects.get().quantity == Decimal(50)


def test_an_edit_reverses_the_earlier_hand_over(
    officer_afg: User, field: Field, distribution_form: FieldForm
) -> None:
    entitlement = ready(field.cycle)
    collect = collect_for(officer_afg)
    _first, instance_id = collect.submit(distribution_form, _values(entitlement, "30"))
    response, _new = collect.submit(
        distribution_form, _values(entitlement, "50"), deprecated_id=instance_id
    )
    assert response.status_code == 201
    entitlement.refresh_from_db()
    assert entitlement.distributed == Decimal(50)
    assert Distribution.objects.filter(reverses__isnull=False).count() == 1

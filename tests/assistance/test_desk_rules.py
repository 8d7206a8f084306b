"""At the desk: corrections are reversing entries; nobody is served twice in a cycle, under
their own record or a merged one; entitlements are approved by someone other than the
planner; targeting reads household size; institutions count their headcount at the cycle."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Distribution, Entitlement, RationKind
from sunbula.assistance.selectors import eligible_count, preview_count
from sunbula.assistance.tallies import tallies_recompute
from sunbula.core.models import User
from sunbula.registry import services as registry_services
from sunbula.supply.models import StockBalance
from tests.assistance.conftest import tally_state
from tests.conftest import Field, World, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _held(field: Field) -> Decimal:
    return sum(
        (balance.quantity for balance in StockBalance.objects.filter(site=field.centre)),
        Decimal(0),
    )


def test_a_reversal_puts_the_goods_back_and_reopens_the_entitlement(
    field: Field, admin: User
) -> None:
    entitlement = ready(field.cycle)
    before = _held(field)
    handed = services.distribution_record(
        actor=admin,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=D(2023, 6, 2),
    )
    assert _held(field) == before - 50
    reversal = services.distribution_reverse(
        actor=admin, distribution=handed, reason="Handed to the wrong household"
    )
    assert reversal.quantity == Decimal(-50) and reversal.reverses == handed
    assert _held(field) == before
    entitlement.refresh_from_db()
    assert entitlement.distributed == 0 and entitlement.status == Entitlement.Status.APPROVED
    handed.refresh_from_db()
    assert handed.quantity == Decimal(50)  # the original stands, never edited
    kept = tally_state()
    tallies_recompute()
    assert tally_state() == kept
    with pytest.raises(services.AssistanceError, match="reversed already"):
        services.distribution_reverse(actor=admin, distribution=handed, reason="again")
    with pytest.raises(services.AssistanceError):
        services.distribution_reverse(actor=admin, distribution=reversal, reason="undo")


def test_a_reversal_needs_a_reason(field: Field, admin: User) -> None:
    entitlement = ready(field.cycle)
    handed = services.distribution_record(
        actor=admin,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(5),
        distributed_on=D(2023, 6, 2),
    )
    with pytest.raises(Exception, match="Say why"):
        services.distribution_reverse(actor=admin, distribution=handed, reason=" ")
    assert Distribution.objects.count() == 1


def test_someone_served_is_refused_a_second_time(field: Field, admin: User) -> None:
    entitlement = ready(field.cycle)
    services.distribution_record(
        actor=admin,
        entitlement=entitlement,
        site=field.centre,
        quantity=entitlement.quantity,
        distributed_on=D(2023, 6, 2),
    )
    with pytest.raises(services.AlreadyServed, match="already served"):
        services.distribution_record(
            actor=admin,
            entitlement=entitlement,
            site=field.centre,
            quantity=Decimal(1),
            distributed_on=D(2023, 6, 3),
        )
    with pytest.raises(Exception, match="already served"):
        services.distribution_batch_record(
            actor=admin,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 3),
            rows=[services.BatchRow("HH-1", Decimal(1))],
        )
    assert Distribution.objects.count() == 1


def _individual_cycle(field: Field, world: World) -> tuple[Beneficiary, Beneficiary]:
    twin = registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Fatimah", external_id="P-TWIN"
    )
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Individuals",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    services.ration_line_set(actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(10))
    first = services.beneficiary_add(actor=None, cycle=cycle, person=field.mother)
    second = services.beneficiary_add(actor=None, cycle=cycle, person=twin)
    services.beneficiary_list_freeze(actor=None, cycle=cycle)
    services.entitlements_compute(actor=None, cycle=cycle)
    services.entitlements_approve(actor=None, cycle=cycle)
    return first, second


def test_a_duplicate_merged_after_listing_is_not_served_twice(
    field: Field, world: World, admin: User
) -> None:
    first, second = _individual_cycle(field, world)
    services.distribution_record(
        actor=admin,
        entitlement=first.entitlements.get(),
        site=field.centre,
        quantity=Decimal(4),
        distributed_on=D(2023, 6, 2),
    )
    assert second.person is not None and first.person is not None
    pair = registry_services.duplicate_pair_flag(
        actor=None, person_1=first.person, person_2=second.person, score=0.97
    )
    registry_services.duplicate_pair_confirm(actor=admin, pair=pair)
    with pytest.raises(services.AlreadyServed, match="same person"):
        services.distribution_record(
            actor=admin,
            entitlement=second.entitlements.get(),
            site=field.centre,
            quantity=Decimal(4),
            distributed_on=D(2023, 6, 2),
        )
    with pytest.raises(Exception, match="already served"):
        services.distribution_batch_record(
            actor=admin,
            cycle=second.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 2),
            rows=[services.BatchRow(second.reference, Decimal(4))],
        )
    assert Distribution.objects.count() == 1


def test_the_planner_cannot_approve_their_own_entitlements(
    field: Field, admin: User, officer_afg: User
) -> None:
    services.beneficiary_list_freeze(actor=officer_afg, cycle=field.cycle)
    services.entitlements_compute(actor=officer_afg, cycle=field.cycle)
    with pytest.raises(services.FourEyes, match="another person"):
        services.entitlements_approve(actor=officer_afg, cycle=field.cycle)
    assert not Entitlement.objects.filter(status=Entitlement.Status.APPROVED).exists()
    assert services.entitlements_approve(actor=admin, cycle=field.cycle) == 1
    field.cycle.refresh_from_db()
    assert field.cycle.planned_by == officer_afg and field.cycle.approved_by == admin


def test_household_size_is_a_targeting_rule(field: Field, world: World, admin: User) -> None:
    # HH-1 has three active members.
    assert preview_count(user=admin, cycle=field.cycle, field="household_size", value="3") == 1
    assert preview_count(user=admin, cycle=field.cycle, field="household_size", value="4+") == 0
    assert preview_count(user=admin, cycle=field.cycle, field="household_size", value="1-3") == 1
    assert preview_count(user=admin, cycle=field.cycle, field="household_size", value="x") is None
    with pytest.raises(Exception, match="household size"):
        services.eligibility_rule_add(
            actor=admin, cycle=field.cycle, field="household_size", value="lots"
        )
    services.eligibility_rule_add(
        actor=admin, cycle=field.cycle, field="household_size", value="5+"
    )
    assert eligible_count(user=admin, cycle=field.cycle) == 0


def test_an_institution_counts_its_headcount_at_the_cycle(field: Field, world: World) -> None:
    registry_services.headcount_record(
        actor=None,
        institution=field.institution,
        counted_on=D(2023, 9, 1),
        headcount=90,
        verified_by="Monitoring officer",
        method="site_visit",
    )
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Centres",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_RESIDENT_MONTH,
    )
    listed = services.beneficiary_add(actor=None, cycle=cycle, institution=field.institution)
    assert listed.people == 40  # the count of May, not the later one of September


def test_the_desk_offers_to_reverse_only_what_stands(
    field: Field, admin: User, officer_afg: User, client: Client
) -> None:
    """A reversed hand-over reads "Reversed", its reversal names it, and only a hand-over
    that stands offers the reverse form."""
    entitlement = ready(field.cycle)

    def hand_over() -> Distribution:
        return services.distribution_record(
            actor=admin,
            entitlement=entitlement,
            site=field.centre,
            quantity=Decimal(5),
            distributed_on=D(2023, 6, 2),
        )

    corrected = hand_over()
    reversal = services.distribution_reverse(actor=admin, distribution=corrected, reason="wrong")
    standing = hand_over()
    client.force_login(officer_afg)
    page = client.get(reverse("assistance:distribution_desk", args=[field.cycle.pk]))
    assert page.status_code == 200
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[-1]: row
        for row in page.content.decode().split("<tr>")
        if "/distributions/" in row and "</td>" in row
    }
    reverse_form = "/reverse/"
    assert "Reversed" in rows[corrected.reference] and reverse_form not in rows[corrected.reference]
    assert f"Reverses {corrected.reference}" in rows[reversal.reference]
    assert reverse_form not in rows[reversal.reference]
    assert reverse_form in rows[standing.reference] and "Reversed" not in rows[standing.reference]

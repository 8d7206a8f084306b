"""A donor that pledges to a project is named among the project's funding organisations
(IATI's participating organisation, role 1), once, audited with whoever recorded the pledge:
the IATI export names it, and the donor's focal point reads the project it funds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import ParticipatingOrganisation
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db

FUNDING = ParticipatingOrganisation.IatiRole.FUNDING


def test_a_pledge_to_a_project_names_its_donor_among_the_funders(
    world: World, money: Money, officer_afg: User, donor_viewer: User
) -> None:
    project = money.herat
    page = project.get_absolute_url()
    assert client_for(donor_viewer).get(page).status_code == 404
    kzt_pledge(world, money, actor=officer_afg)
    funder = ParticipatingOrganisation.objects.get(project=project)
    assert (funder.organisation, funder.role, funder.funding_share) == (
        world.kazakhstan_government,
        FUNDING,
        None,
    )
    added = AuditEntry.objects.get(action="programmes.participatingorganisation.created")
    assert added.actor == officer_afg
    assert client_for(donor_viewer).get(page).status_code == 200

    kzt_pledge(world, money, actor=officer_afg, reference="KAZ-AGAIN", amount=Decimal(1000))
    assert ParticipatingOrganisation.objects.filter(project=project).count() == 1


def test_a_funder_named_already_keeps_its_share_and_a_pledge_without_project_names_none(
    world: World, money: Money
) -> None:
    programme_services.participant_add(
        actor=None,
        project=money.herat,
        organisation=world.kazakhstan_government,
        role=FUNDING,
        funding_share=Decimal(40),
    )
    kzt_pledge(world, money)
    assert list(
        ParticipatingOrganisation.objects.values_list("organisation", "role", "funding_share")
    ) == [(world.kazakhstan_government.pk, FUNDING, Decimal(40))]
    kzt_pledge(world, money, reference="KAZ-OPEN", project=None)
    assert not ParticipatingOrganisation.objects.filter(project=money.almaty).exists()
    assert ParticipatingOrganisation.objects.count() == 1

"""Two editors change the same record: each change lands on the row as stored, none is lost.

The shared update helper re-reads the row under a lock before it applies the change, so an
editor holding an old copy does not write back the fields another editor changed meanwhile.
"""

from __future__ import annotations

import pytest
from django.db import connection

from sunbula.core import services
from sunbula.core.models import Organisation, User
from tests.conftest import World
from tests.locks import one_after_the_other


@pytest.mark.django_db
def test_an_old_copy_does_not_undo_a_change_made_since(world: World, admin: User) -> None:
    first_editor = Organisation.objects.get(pk=world.iofs.pk)
    second_editor = Organisation.objects.get(pk=world.iofs.pk)
    services.organisation_update(actor=admin, organisation=first_editor, acronym="IOFS-1")
    services.organisation_update(
        actor=admin, organisation=second_editor, website="https://iofs.example.org"
    )
    stored = Organisation.objects.get(pk=world.iofs.pk)
    assert (stored.acronym, stored.website) == ("IOFS-1", "https://iofs.example.org")
    assert second_editor.acronym == "IOFS-1"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks on separate connections"
)
def test_the_second_editor_waits_for_the_first_and_keeps_its_change(
    world: World, admin: User
) -> None:
    first_editor = Organisation.objects.get(pk=world.iofs.pk)
    second_editor = Organisation.objects.get(pk=world.iofs.pk)

    seen_waiting, raised = one_after_the_other(
        lambda: services.organisation_update(
            actor=admin, organisation=first_editor, acronym="IOFS-1"
        ),
        lambda: services.organisation_update(
            actor=admin, organisation=second_editor, website="https://iofs.example.org"
        ),
    )

    assert raised == []
    assert seen_waiting == [1]
    stored = Organisation.objects.get(pk=world.iofs.pk)
    assert (stored.acronym, stored.website) == ("IOFS-1", "https://iofs.example.org")

"""Roles limited to programmes: where core's scope finds an assignment's programmes (a
registered lookup path, since core knows no domain) and the service that sets them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from sunbula.core.access import AnyUser, forget_roles, register_programme_limits
from sunbula.core.audit import audit_record
from sunbula.core.models import RoleAssignment, User
from sunbula.programmes.models import Programme, RoleProgramme
from sunbula.programmes.permissions import ProgrammePerm


@transaction.atomic
def role_programmes_set(
    *, actor: User | None, assignment: RoleAssignment, programmes: Iterable[Programme]
) -> RoleAssignment:
    """Limit `assignment` to `programmes` (none: every programme)."""
    wanted = {programme.pk for programme in programmes}
    before = sorted(
        RoleProgramme.objects.filter(assignment=assignment).values_list("programme_id", flat=True)
    )
    if sorted(wanted) == before:
        return assignment
    RoleProgramme.objects.filter(assignment=assignment).exclude(programme_id__in=wanted).delete()
    RoleProgramme.objects.bulk_create(
        [
            RoleProgramme(assignment=assignment, programme_id=programme_id)
            for programme_id in sorted(wanted - set(before))
        ]
    )
    forget_roles(assignment.user)
    audit_record(
        actor=actor,
        action="programmes.roleprogramme.set",
        obj=assignment,
        before={"programmes": before},
        after={"programmes": sorted(wanted)},
    )
    return assignment


def programmes_to_offer(user: AnyUser) -> QuerySet[Programme]:
    """The programmes an administrator may limit a role to: those their own role reaches."""
    return Programme.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by("code")


def register() -> None:
    register_programme_limits(
        "programme_limits__programme", options=programmes_to_offer, setter=role_programmes_set
    )

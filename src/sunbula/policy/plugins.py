"""Policy's entry in the navigation, its demo loader, its importer of SDG values, and the link
from a member state's page to its policy profile."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.imports import register_importer
from sunbula.core.models import MemberState
from sunbula.core.plugins import (
    NavItem,
    RecordLink,
    register_demo_loader,
    register_nav,
    register_record_links,
)
from sunbula.policy.demo import load_demo
from sunbula.policy.imports import SDG_VALUES
from sunbula.policy.permissions import PolicyPerm
from sunbula.policy.selectors import profile_list
from sunbula.policy.services import indicator_values_import

register_nav(NavItem(_("Policy profiles"), "policy:profile_list", PolicyPerm.VIEW_PROFILE, 60))
register_demo_loader(load_demo)
register_nav(NavItem(_("Policy reports"), "policy:report_list", PolicyPerm.VIEW_REPORT, 61))

register_importer(SDG_VALUES, service=indicator_values_import)


def member_state_profile(user: AnyUser, state: MemberState) -> list[RecordLink]:
    """On a member state's page: its policy profile, named by where it stands (draft,
    validated, published), for a reader who may open it."""
    if not has_permission(user, PolicyPerm.VIEW_PROFILE):
        return []
    profile = profile_list(user=user).filter(country=state.country_id).first()
    if profile is None:
        return []
    return [
        RecordLink(
            _("Policy profile"), str(profile.get_status_display()), profile.get_absolute_url()
        )
    ]


register_record_links(MemberState, member_state_profile, order=10)

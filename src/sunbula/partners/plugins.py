"""Where partners plugs into the platform: navigation, home panels, timeline sources, demo,
and the link from an organisation's page to its partner profile."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.choices import item_labels
from sunbula.core.models import Organisation
from sunbula.core.plugins import (
    NavItem,
    Panel,
    RecordLink,
    Tile,
    register_demo_loader,
    register_nav,
    register_panels,
    register_record_links,
    register_tiles,
)
from sunbula.partners import selectors
from sunbula.partners.demo import load_partners_demo
from sunbula.partners.models import Partner
from sunbula.partners.permissions import PartnersPerm
from sunbula.partners.timeline import register_timeline_source

register_nav(NavItem(_("Partners"), "partners:partner_list", PartnersPerm.VIEW_PARTNER, 40))
register_nav(NavItem(_("Agreements"), "partners:agreement_list", PartnersPerm.VIEW_AGREEMENT, 41))
register_nav(
    NavItem(_("Engagements"), "partners:engagement_list", PartnersPerm.VIEW_ENGAGEMENT, 42)
)


def partnership_tiles(user: AnyUser) -> list[Tile]:
    if not has_permission(user, PartnersPerm.VIEW_AGREEMENT):
        return []
    alerts = selectors.alerts(user=user)
    return [
        Tile(
            _("Partnership alerts"),
            number_format(len(alerts)),
            reverse("partners:alerts"),
            ngettext(
                "Agreements ending within %(days)s day, overdue deliverables",
                "Agreements ending within %(days)s days, overdue deliverables",
                alerts.warning_days,
            )
            % {"days": number_format(alerts.warning_days)},
        )
    ]


def follow_up_panels(user: AnyUser) -> list[Panel]:
    """The signed-in user's open follow-up actions, on the home page until done."""
    follow_ups = list(selectors.my_open_follow_ups(user=user))
    if not follow_ups:
        return []
    return [
        Panel(
            _("Your follow-up actions"),
            "partners/_follow_up_panel.html",
            {"follow_ups": follow_ups},
        )
    ]


def partner_profile(user: AnyUser, organisation: Organisation) -> list[RecordLink]:
    """On an organisation's page: its partner profile, named by its partnership roles, for a
    reader who sees partners."""
    if not has_permission(user, PartnersPerm.VIEW_PARTNER):
        return []
    partner = (
        Partner.objects.visible_to(user, PartnersPerm.VIEW_PARTNER)
        .filter(organisation=organisation)
        .first()
    )
    if partner is None:
        return []
    roles = item_labels(Partner._meta.get_field("roles"), partner.roles)
    return [
        RecordLink(_("Partner profile"), roles or str(organisation), partner.get_absolute_url())
    ]


register_tiles(partnership_tiles, order=40)
register_panels(follow_up_panels, order=40)
register_timeline_source(selectors.agreement_timeline)
register_timeline_source(selectors.engagement_timeline)
register_demo_loader(load_partners_demo)
register_record_links(Organisation, partner_profile, order=10)

"""Funding in the navigation, on the home page, in the demo, on donors' timelines, on a
donor organisation's and a member state's page and in the chain of pledges, commitments,
payments and projects."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sunbula.core.access import AnyUser, has_permission, scope_for
from sunbula.core.addresses import record_url
from sunbula.core.chain import SHOWN, register_neighbours
from sunbula.core.figures import money, number_text
from sunbula.core.models import MemberState, Organisation
from sunbula.core.plugins import (
    NavItem,
    Panel,
    RecordLink,
    Tile,
    count_tile,
    register_demo_loader,
    register_nav,
    register_public_panels,
    register_record_links,
    register_tiles,
)
from sunbula.core.search import ModelSource, register_search
from sunbula.funding import neighbours
from sunbula.funding.demo import load_funding_demo
from sunbula.funding.models import Commitment, DonorConference, Payment, Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.funding.selectors import (
    announced_count,
    donor_pledges,
    pledge_list,
    pledges_listed,
    published_conferences,
)
from sunbula.partners.timeline import TimelineEntry, register_timeline_source
from sunbula.programmes.models import Project

register_nav(NavItem(_("Funding"), "funding:overview", FundingPerm.VIEW_FUNDING, 50))


def conference_doors() -> list[Panel]:
    """On the public front door: the conferences whose announcements anyone may read."""
    return [
        Panel(
            _("Donor conferences"),
            "funding/_public_conferences.html",
            {"conferences": published_conferences()},
        )
    ]


register_public_panels(conference_doors, order=10)


def funding_tiles(user: AnyUser) -> list[Tile]:
    title = _("Pledges")
    return count_tile(user, FundingPerm.VIEW_FUNDING, title, pledge_list, "funding:pledge_list")


def pledge_timeline(user: AnyUser, organisation: Organisation) -> list[TimelineEntry]:
    if not has_permission(user, FundingPerm.VIEW_FUNDING):
        return []
    return [
        TimelineEntry(
            on=pledge.pledged_on,
            kind=_("Pledge"),
            title=f"{pledge.reference} · {money(pledge.amount, pledge.currency, html=False)}",
            url=pledge.get_absolute_url(),
        )
        for pledge in donor_pledges(user=user, donor=organisation)
    ]


def donor_page(user: AnyUser, organisation: Organisation) -> list[RecordLink]:
    """On an organisation's page: its donor page, when the reader sees pledges it made (and
    its money: a donor viewer reads only their own organisation's)."""
    if not scope_for(user, FundingPerm.VIEW_FUNDING).covers_organisation(organisation.pk):
        return []
    pledges = Pledge.objects.visible_to(user, FundingPerm.VIEW_FUNDING).filter(donor=organisation)
    made = list(pledges.only("pk", "parent", "status"))
    if not made:
        return []
    label = _pledges_label(announced_count(made))
    return [RecordLink(_("Donor"), label, record_url("funding:donor_detail", organisation.pk))]


def _pledges_label(count: int) -> str:
    return ngettext("%(count)s pledge", "%(count)s pledges", count) % {"count": number_text(count)}


def member_state_funding(user: AnyUser, state: MemberState) -> list[RecordLink]:
    """On a member state's page: the donors of the country whose pledges the reader sees,
    each to its donor page, and the pledges to the country, to the pledge list narrowed to
    it."""
    if not has_permission(user, FundingPerm.VIEW_FUNDING):
        return []
    pledges = Pledge.objects.visible_to(user, FundingPerm.VIEW_FUNDING)
    made = dict(
        pledges.filter(donor__country=state.country_id)
        .order_by()
        .values_list("donor")
        .annotate(count=Count("pk"))
    )
    kind = _("Pledges by its organisations")
    links = [
        RecordLink(
            kind,
            f"{donor.local_name}: {_pledges_label(made[donor.pk])}",
            record_url("funding:donor_detail", donor.pk),
        )
        for donor in Organisation.objects.filter(pk__in=made).order_by("name")[:SHOWN]
    ]
    if len(made) > SHOWN:
        links.append(RecordLink(kind, "", "", more=True))
    received = pledges.filter(country=state.country_id).count()
    if received:
        listed = pledges_listed(country=state.country_id)
        links.append(RecordLink(_("Pledges to the country"), _pledges_label(received), listed))
    return links


register_tiles(funding_tiles, order=50)
register_demo_loader(load_funding_demo)
register_timeline_source(pledge_timeline)
register_record_links(Organisation, donor_page, order=20)
register_record_links(MemberState, member_state_funding, order=30)
register_neighbours(Pledge, neighbours.pledge_neighbours)
register_neighbours(Commitment, neighbours.commitment_neighbours)
register_neighbours(Payment, neighbours.payment_neighbours)
register_neighbours(Project, neighbours.project_pledges)
register_search(
    ModelSource(
        _("Pledges"),
        Pledge,
        FundingPerm.VIEW_FUNDING,
        ("reference", "donor__name", "donor__acronym"),
        detail=lambda pledge: str(pledge.donor),
        select_related=("donor",),
        order=40,
    )
)
register_search(
    ModelSource(
        _("Donor conferences"), DonorConference, FundingPerm.VIEW_FUNDING, ("title",), order=45
    )
)

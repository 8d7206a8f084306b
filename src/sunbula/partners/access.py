"""Scoping: partner profiles are reference data, seen by every role with partners.view_partner
and changed from the partner's country. Agreements and engagements are scoped by their
`country` (the country the work concerns); their documents, parties, obligations and
follow-up actions take that scope (each model's `scope_rule`). Outside it: 404."""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet

from sunbula.core.access import AnyUser, fetch, require_permission
from sunbula.core.scoping import ACROSS, ScopeRule
from sunbula.partners.models import Agreement, Engagement, FocalPoint, Partner
from sunbula.partners.permissions import PartnersPerm

# Partner profiles are read by everyone who sees partners and changed from the partner's
# country (an international partner by a role in every country); so are its focal points.
CHANGING_PARTNERS = ScopeRule(
    country="organisation__country", programme=ACROSS, organisation=ACROSS
)
CHANGING_FOCAL_POINTS = CHANGING_PARTNERS.under("partner")


def visible_agreements(user: AnyUser) -> QuerySet[Agreement]:
    return require_permission(user, PartnersPerm.VIEW_AGREEMENT).filter(Agreement.objects.all())


def visible_engagements(user: AnyUser) -> QuerySet[Engagement]:
    return require_permission(user, PartnersPerm.VIEW_ENGAGEMENT).filter(Engagement.objects.all())


fetch_agreement = partial(
    fetch, Agreement.objects.select_related("country", "amends"), perm=PartnersPerm.VIEW_AGREEMENT
)
fetch_engagement = partial(
    fetch, Engagement.objects.select_related("country"), perm=PartnersPerm.VIEW_ENGAGEMENT
)
fetch_partner = partial(
    fetch,
    Partner.objects.select_related("organisation__country"),
    perm=PartnersPerm.VIEW_PARTNER,
    write_rule=CHANGING_PARTNERS,
)
fetch_focal_point = partial(
    fetch,
    FocalPoint.objects.select_related("partner__organisation", "organisation"),
    perm=PartnersPerm.VIEW_PARTNER,
    write_rule=CHANGING_FOCAL_POINTS,
)

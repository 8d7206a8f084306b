"""Scoping: partner profiles are reference data, seen by every role with partners.view_partner.
Agreements and engagements are scoped by their `country` (the country the work concerns); their
documents, parties, obligations and follow-up actions take that scope. Outside it: 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sunbula.core.access import AnyUser, has_permission, require_permission, scope_for
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    DocumentVersion,
    Engagement,
    FocalPoint,
    FollowUpAction,
    Obligation,
    Partner,
)
from sunbula.partners.permissions import PartnersPerm


def partner_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Partner:
    require_permission(user, PartnersPerm.VIEW_PARTNER)
    try:
        partner = Partner.objects.select_related("organisation__country").get(pk=pk)
    except Partner.DoesNotExist as missing:
        raise Http404 from missing
    if write and not has_permission(user, PartnersPerm.MANAGE_PARTNER):
        raise PermissionDenied
    return partner


def focal_point_for_user(user: AnyUser, pk: int) -> FocalPoint:
    """A focal point, for removal by someone who manages partners."""
    require_permission(user, PartnersPerm.VIEW_PARTNER)
    try:
        focal_point = FocalPoint.objects.select_related("partner").get(pk=pk)
    except FocalPoint.DoesNotExist as missing:
        raise Http404 from missing
    if not has_permission(user, PartnersPerm.MANAGE_PARTNER):
        raise PermissionDenied
    return focal_point


def visible_agreements(user: AnyUser) -> QuerySet[Agreement]:
    scope = require_permission(user, PartnersPerm.VIEW_AGREEMENT)
    return scope.filter(Agreement.objects.all())


def visible_engagements(user: AnyUser) -> QuerySet[Engagement]:
    scope = require_permission(user, PartnersPerm.VIEW_ENGAGEMENT)
    return scope.filter(Engagement.objects.all())


def _may_manage_agreement(user: AnyUser, agreement: Agreement) -> bool:
    return scope_for(user, PartnersPerm.MANAGE_AGREEMENT).covers_country(agreement.country_id)


def _may_manage_engagement(user: AnyUser, engagement: Engagement) -> bool:
    return scope_for(user, PartnersPerm.MANAGE_ENGAGEMENT).covers_country(engagement.country_id)


def agreement_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Agreement:
    try:
        agreement = visible_agreements(user).select_related("country", "amends").get(pk=pk)
    except Agreement.DoesNotExist as missing:
        raise Http404 from missing
    if write and not _may_manage_agreement(user, agreement):
        raise PermissionDenied
    return agreement


def party_for_user(user: AnyUser, pk: int) -> AgreementParty:
    """A party of an agreement in scope, for someone who may change the agreement."""
    agreements = visible_agreements(user)
    try:
        party = AgreementParty.objects.select_related("agreement").get(
            pk=pk, agreement__in=agreements
        )
    except AgreementParty.DoesNotExist as missing:
        raise Http404 from missing
    if not _may_manage_agreement(user, party.agreement):
        raise PermissionDenied
    return party


def obligation_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Obligation:
    """An obligation; its owner may update it as well as those who manage the agreement."""
    try:
        obligation = Obligation.objects.select_related("agreement").get(
            pk=pk, agreement__in=visible_agreements(user)
        )
    except Obligation.DoesNotExist as missing:
        raise Http404 from missing
    is_owner = obligation.owner_id == getattr(user, "pk", None)
    if write and not is_owner and not _may_manage_agreement(user, obligation.agreement):
        raise PermissionDenied
    return obligation


def document_version_for_user(user: AnyUser, pk: int) -> DocumentVersion:
    """A stored file, only for those who may see its agreement; 404 for everyone else."""
    try:
        return DocumentVersion.objects.select_related("document__agreement").get(
            pk=pk, document__agreement__in=visible_agreements(user)
        )
    except DocumentVersion.DoesNotExist as missing:
        raise Http404 from missing


def engagement_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Engagement:
    try:
        engagement = visible_engagements(user).select_related("country").get(pk=pk)
    except Engagement.DoesNotExist as missing:
        raise Http404 from missing
    if write and not _may_manage_engagement(user, engagement):
        raise PermissionDenied
    return engagement


def follow_up_for_user(user: AnyUser, pk: int, *, write: bool = False) -> FollowUpAction:
    """A follow-up action; its owner may update it as well as those who manage engagements."""
    try:
        follow_up = FollowUpAction.objects.select_related("engagement").get(
            pk=pk, engagement__in=visible_engagements(user)
        )
    except FollowUpAction.DoesNotExist as missing:
        raise Http404 from missing
    is_owner = follow_up.owner_id == getattr(user, "pk", None)
    if write and not is_owner and not _may_manage_engagement(user, follow_up.engagement):
        raise PermissionDenied
    return follow_up

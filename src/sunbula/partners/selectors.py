"""Every read of partnership records that a page, the API or a report needs, scoped to the user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission, require_permission, users_holding
from sunbula.core.models import Country, Organisation, User
from sunbula.core.scoping import BY_COUNTRY
from sunbula.core.selectors import matching, where_given
from sunbula.partners.access import visible_agreements, visible_engagements
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
from sunbula.partners.timeline import TimelineEntry


def partner_list(
    *,
    user: AnyUser,
    search: str = "",
    role: str = "",
    sector: str = "",
    country: Country | None = None,
) -> QuerySet[Partner]:
    """Partners by name or acronym, with a partnership role, in a sector, operating in a
    country: the filters of the list page and of the API alike."""
    require_permission(user, PartnersPerm.VIEW_PARTNER)
    partners = Partner.objects.select_related("organisation").prefetch_related("countries")
    partners = matching(
        partners, search, "organisation__name__icontains", "organisation__acronym__icontains"
    )
    partners = partners_with_role(partners, role)
    partners = partners_in_sector(partners, sector)
    if country is not None:
        partners = partners.filter(countries=country)
    return partners.order_by("organisation__name")


# Roles and sectors are JSON lists of codes; no code is part of another.


def partners_with_role(partners: QuerySet[Partner], role: str) -> QuerySet[Partner]:
    return partners.filter(roles__icontains=f'"{role}"') if role else partners


def partners_in_sector(partners: QuerySet[Partner], sector: str) -> QuerySet[Partner]:
    return partners.filter(sectors__icontains=f'"{sector}"') if sector else partners


# An organisation of a country is made a partner from that country; an international one
# (a UN agency, no country) by anyone who manages partners.
PARTNER_CANDIDATES = replace(BY_COUNTRY, international=True)


def partner_options(*, user: AnyUser) -> QuerySet[Organisation]:
    """Organisations that are not partners yet, for the form that makes them one: those in
    the countries where the user manages partners, and the international ones."""
    scope = require_permission(user, PartnersPerm.MANAGE_PARTNER)
    candidates = Organisation.objects.filter(partner__isnull=True)
    return scope.filter(candidates, rule=PARTNER_CANDIDATES).order_by("name")


def focal_points(*, user: AnyUser, partner: Partner) -> QuerySet[FocalPoint]:
    require_permission(user, PartnersPerm.VIEW_PARTNER)
    return partner.focal_points.select_related("organisation")


def agreement_list(
    *,
    user: AnyUser,
    search: str = "",
    status: str = "",
    kind: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[Agreement]:
    agreements = (
        visible_agreements(user)
        .select_related("country")
        .prefetch_related(
            Prefetch("parties", AgreementParty.objects.select_related("organisation"))
        )
    )
    agreements = matching(
        agreements,
        search,
        "title__icontains",
        "purpose__icontains",
        "parties__organisation__name__icontains",
        "parties__organisation__acronym__icontains",
        distinct=True,
    )
    agreements = where_given(agreements, status=status, kind=kind)
    if organisation is not None:
        agreements = agreements.filter(parties__organisation=organisation).distinct()
    return agreements.order_by("-signed_on", "title", "pk")


@dataclass(frozen=True)
class PartyLine:
    """A party to an agreement, and the page it links to: its partner profile where it is a
    partner the reader may see, else its organisation."""

    party: AgreementParty
    url: str


@dataclass(frozen=True)
class AgreementDetail:
    agreement: Agreement
    parties: list[PartyLine]
    obligations: list[Obligation]
    documents: list[tuple[str, list[DocumentVersion]]]
    amendments: list[Agreement]


def agreement_detail(*, user: AnyUser, agreement: Agreement) -> AgreementDetail:
    """What the agreement page shows; `agreement` comes from core.access.fetch."""
    require_permission(user, PartnersPerm.VIEW_AGREEMENT)
    documents = [
        (document.title, list(document.versions.all()))
        for document in agreement.documents.prefetch_related("versions")
    ]
    sees_partners = has_permission(user, PartnersPerm.VIEW_PARTNER)
    parties = agreement.parties.select_related("organisation__partner")
    return AgreementDetail(
        agreement=agreement,
        parties=[
            PartyLine(party, _party_page(party.organisation, sees_partners)) for party in parties
        ],
        obligations=list(agreement.obligations.select_related("owner")),
        documents=documents,
        amendments=list(visible_agreements(user).filter(amends=agreement)),
    )


@dataclass(frozen=True)
class PartnerRecords:
    """How many agreements and engagements the reader may see involve a partner; None where
    the reader may not see that kind of record."""

    agreements: int | None
    engagements: int | None


def partner_records(*, user: AnyUser, partner: Partner) -> PartnerRecords:
    """What the partner's page counts and links to: the agreements it is a party to and the
    engagements it took part in, as the lists filtered by its organisation show them."""
    organisation = partner.organisation
    agreements = engagements = None
    if has_permission(user, PartnersPerm.VIEW_AGREEMENT):
        agreements = agreement_list(user=user, organisation=organisation).count()
    if has_permission(user, PartnersPerm.VIEW_ENGAGEMENT):
        engagements = engagement_list(user=user, organisation=organisation).count()
    return PartnerRecords(agreements=agreements, engagements=engagements)


def obligations_of(*, user: AnyUser, agreement: Agreement) -> QuerySet[Obligation]:
    """The deliverables under `agreement` (fetched through core.access.fetch), soonest first."""
    require_permission(user, PartnersPerm.VIEW_AGREEMENT)
    return agreement.obligations.select_related("owner")


def document_versions(*, user: AnyUser, agreement: Agreement) -> QuerySet[DocumentVersion]:
    """Every stored file of `agreement`'s documents, by document and newest version first."""
    require_permission(user, PartnersPerm.VIEW_AGREEMENT)
    return (
        DocumentVersion.objects.filter(document__agreement=agreement)
        .select_related("document")
        .order_by("document__title", "-number")
    )


def _party_page(organisation: Organisation, sees_partners: bool) -> str:
    partner: Partner | None = getattr(organisation, "partner", None)  # None: not a partner
    if sees_partners and partner is not None:
        return partner.get_absolute_url()
    return organisation.get_absolute_url()


def obligation_owners(*, agreement: Agreement) -> QuerySet[User]:
    """Who may answer for a deliverable under `agreement`: the colleagues who manage
    agreements in its country (never a donor's or another organisation's user)."""
    return users_holding(PartnersPerm.MANAGE_AGREEMENT, country_id=agreement.country_id)


def engagement_list(
    *,
    user: AnyUser,
    search: str = "",
    kind: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[Engagement]:
    engagements = (
        visible_engagements(user).select_related("country").prefetch_related("organisations")
    )
    engagements = matching(
        engagements,
        search,
        "title__icontains",
        "place__icontains",
        "event__icontains",
        "topics__icontains",
        "organisations__name__icontains",
        "organisations__acronym__icontains",
        distinct=True,
    )
    engagements = where_given(engagements, kind=kind, organisations=organisation)
    return engagements.order_by("-held_on", "title", "pk")


def follow_ups_of(*, user: AnyUser, engagement: Engagement) -> QuerySet[FollowUpAction]:
    require_permission(user, PartnersPerm.VIEW_ENGAGEMENT)
    return engagement.follow_ups.select_related("owner")


def follow_up_owners(*, engagement: Engagement) -> QuerySet[User]:
    """Who may own an action agreed at `engagement`: the colleagues who manage engagements
    in its country."""
    return users_holding(PartnersPerm.MANAGE_ENGAGEMENT, country_id=engagement.country_id)


def my_open_follow_ups(*, user: AnyUser) -> QuerySet[FollowUpAction]:
    """The follow-up actions `user` owns that are not done, soonest due first."""
    if not isinstance(user, User) or not has_permission(user, PartnersPerm.VIEW_ENGAGEMENT):
        return FollowUpAction.objects.none()
    return (
        FollowUpAction.objects.filter(
            owner=user,
            status=FollowUpAction.Status.OPEN,
            engagement__in=visible_engagements(user),
        )
        .select_related("engagement")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class Alerts:
    expiring: list[Agreement]
    overdue: list[Obligation]
    warning_days: int  # how far ahead `expiring` looks (AGREEMENT_WARNING_DAYS)

    def __len__(self) -> int:
        return len(self.expiring) + len(self.overdue)


def alerts(*, user: AnyUser, today: datetime.date | None = None) -> Alerts:
    """Active agreements ending within `AGREEMENT_WARNING_DAYS` (and any still active past
    their end, until the daily expiry runs), and deliverables past their due date."""
    today = today or timezone.localdate()
    warning_days = settings.AGREEMENT_WARNING_DAYS
    agreements = visible_agreements(user)
    expiring = agreements.filter(
        status=Agreement.Status.ACTIVE,
        valid_until__lte=today + datetime.timedelta(days=warning_days),
    ).order_by("valid_until", "pk")
    overdue = (
        Obligation.objects.filter(
            agreement__in=agreements,
            status=Obligation.Status.PENDING,
            due_on__lt=today,
        )
        .select_related("agreement", "owner")
        .order_by("due_on", "pk")
    )
    return Alerts(expiring=list(expiring), overdue=list(overdue), warning_days=warning_days)


# Timeline sources: what partners itself knows about an organisation.


def agreement_timeline(user: AnyUser, organisation: Organisation) -> list[TimelineEntry]:
    if not has_permission(user, PartnersPerm.VIEW_AGREEMENT):
        return []
    agreements = visible_agreements(user).filter(parties__organisation=organisation).distinct()
    return [
        TimelineEntry(
            on=agreement.signed_on or agreement.created_at.date(),
            kind=_("Agreement"),
            title=agreement.local_title,
            url=agreement.get_absolute_url(),
        )
        for agreement in agreements
    ]


def engagement_timeline(user: AnyUser, organisation: Organisation) -> list[TimelineEntry]:
    if not has_permission(user, PartnersPerm.VIEW_ENGAGEMENT):
        return []
    engagements = visible_engagements(user).filter(organisations=organisation)
    return [
        TimelineEntry(
            on=engagement.held_on,
            kind=engagement.get_kind_display(),
            title=engagement.local_title,
            url=engagement.get_absolute_url(),
        )
        for engagement in engagements
    ]

"""REST endpoints for the money chain; reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, scope_for, signed_in
from sunbula.core.api import ScopedRelatedField, ScopedSlugRelatedField
from sunbula.core.models import Country, Currency, Organisation
from sunbula.core.permissions import Perm
from sunbula.funding import selectors, services
from sunbula.funding.access import fetch_conference, fetch_pledge
from sunbula.funding.models import (
    Commitment,
    ContributionType,
    DonorConference,
    Earmarking,
    Payment,
    Pledge,
)
from sunbula.funding.permissions import FundingPerm
from sunbula.partners.models import Agreement
from sunbula.partners.permissions import PartnersPerm
from sunbula.programmes.models import DacSector, Project
from sunbula.programmes.permissions import ProgrammePerm


class ConferenceSerializer(serializers.ModelSerializer[DonorConference]):
    country: serializers.SlugRelatedField[Country] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )

    class Meta:
        model = DonorConference
        fields = (
            "id",
            "title",
            "title_translations",
            "local_title",
            "country",
            "appeal",
            "co_hosts",
            "starts_on",
            "ends_on",
            "modality",
            "venue",
            "announcements_published",
            "is_illustrative",
        )


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    currency: serializers.SlugRelatedField[Currency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    country: serializers.SlugRelatedField[Country] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    committed = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = Pledge
        fields = (
            "id",
            "reference",
            "conference",
            "donor",
            "focal_point",
            "pledged_on",
            "currency",
            "amount",
            "units_per_usd",
            "amount_usd",
            "committed",
            "paid",
            "contribution_type",
            "commodity",
            "quantity",
            "unit",
            "earmarking",
            "country",
            "programme",
            "project",
            "sector",
            "budget_year",
            "parent",
            "status",
            "is_illustrative",
        )
        # An answer only: a pledge is recorded from PledgeInput, whose links are scoped.
        read_only_fields = fields


class PledgeInput(serializers.Serializer[Any]):
    donor = ScopedRelatedField(perm=Perm.VIEW_REFERENCE, queryset=Organisation.objects.all())
    conference = serializers.IntegerField(required=False, allow_null=True)
    pledged_on = serializers.DateField()
    currency = serializers.SlugRelatedField(slug_field="code", queryset=Currency.objects.all())
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    country = ScopedSlugRelatedField(
        perm=FundingPerm.RECORD_PLEDGE, slug_field="iso3", queryset=Country.objects.all()
    )
    project = ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT,
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
    )
    budget_year = serializers.IntegerField(min_value=1990, max_value=2100)
    last_year = serializers.IntegerField(
        min_value=1990, max_value=2100, required=False, allow_null=True
    )
    contribution_type = serializers.ChoiceField(
        choices=ContributionType.choices, default=ContributionType.FINANCIAL
    )
    commodity = serializers.CharField(required=False, default="", allow_blank=True)
    quantity = serializers.DecimalField(
        max_digits=16, decimal_places=3, required=False, allow_null=True
    )
    unit = serializers.CharField(required=False, default="", allow_blank=True)
    earmarking = serializers.ChoiceField(choices=Earmarking.choices, default=Earmarking.EARMARKED)
    sector = serializers.ChoiceField(
        choices=DacSector.choices, required=False, default="", allow_blank=True
    )


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    pledge = ScopedRelatedField(perm=FundingPerm.VIEW_FUNDING, queryset=Pledge.objects.all())
    agreement = ScopedRelatedField(
        perm=PartnersPerm.VIEW_AGREEMENT,
        queryset=Agreement.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Commitment
        fields = (
            "id",
            "pledge",
            "agreement",
            "committed_on",
            "amount",
            "units_per_usd",
            "amount_usd",
            "quantity",
        )
        read_only_fields = ("units_per_usd", "amount_usd")


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    commitment = ScopedRelatedField(
        perm=FundingPerm.VIEW_FUNDING, queryset=Commitment.objects.all()
    )
    currency = serializers.SlugRelatedField(slug_field="code", queryset=Currency.objects.all())

    class Meta:
        model = Payment
        fields = (
            "id",
            "commitment",
            "paid_on",
            "currency",
            "amount",
            "units_per_usd",
            "amount_usd",
            "quantity",
        )
        read_only_fields = ("units_per_usd", "amount_usd")


class ConferenceViewSet(viewsets.ReadOnlyModelViewSet[DonorConference]):
    """Donor conferences in the caller's countries."""

    serializer_class = ConferenceSerializer

    def get_queryset(self) -> QuerySet[DonorConference]:
        return selectors.conference_list(user=self.request.user)


class PledgeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Pledge]):
    """Pledges in the caller's countries, with what is committed and paid."""

    serializer_class = PledgeSerializer
    scope_perm = FundingPerm.VIEW_FUNDING
    filterset_fields = ("budget_year", "donor", "conference", "status")

    def get_queryset(self) -> QuerySet[Pledge]:
        return selectors.pledge_list(user=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = PledgeInput(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        if not scope_for(request.user, FundingPerm.RECORD_PLEDGE).covers_country(
            values["country"].pk
        ):
            raise PermissionDenied
        conference_pk = values.pop("conference", None)
        conference = (
            fetch_conference(request.user, conference_pk, write=FundingPerm.RECORD_PLEDGE)
            if conference_pk
            else None
        )
        pledge = services.pledge_record(
            actor=signed_in(request.user), conference=conference, **values
        )
        annotated = selectors.pledge_list(user=request.user).get(pk=pledge.pk)
        return Response(PledgeSerializer(annotated).data, status=201)


class CommitmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Commitment]):
    """Commitments of pledges in the caller's countries."""

    serializer_class = CommitmentSerializer

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.commitment_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[Commitment]) -> None:
        values = dict(serializer.validated_data)
        pledge = fetch_pledge(
            self.request.user, values.pop("pledge").pk, write=FundingPerm.RECORD_PLEDGE
        )
        serializer.instance = services.commitment_record(
            actor=signed_in(self.request.user), pledge=pledge, **values
        )


class PaymentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Payment]):
    """Payments received against commitments in the caller's countries."""

    serializer_class = PaymentSerializer

    def get_queryset(self) -> QuerySet[Payment]:
        return selectors.payment_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[Payment]) -> None:
        values = dict(serializer.validated_data)
        commitment = values.pop("commitment")
        fetch_pledge(self.request.user, commitment.pledge_id, write=FundingPerm.RECORD_PLEDGE)
        serializer.instance = services.payment_record(
            actor=signed_in(self.request.user), commitment=commitment, **values
        )


class CoverageViewSet(viewsets.ViewSet):
    """Coverage and gap of each funding requirement (commitments count, pledges are listed)."""

    def list(self, request: Request) -> Response:
        require_permission(request.user, FundingPerm.VIEW_FUNDING)
        rows = selectors.requirement_coverage(user=request.user)
        return Response(
            [
                {
                    "requirement": row.requirement.pk,
                    "country": row.requirement.country.iso3,
                    "programme": row.requirement.programme_id,
                    "project": row.requirement.project_id,
                    "year": row.requirement.year,
                    "required_usd": str(row.requirement.amount_usd),
                    "pledged_usd": str(row.pledged_usd),
                    "committed_usd": str(row.committed_usd),
                    "paid_usd": str(row.paid_usd),
                    "gap_usd": str(row.gap_usd),
                    "pledges": [pledge.reference for pledge in row.pledges],
                }
                for row in rows
            ]
        )


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("funding/conferences", ConferenceViewSet, basename="funding-conference")
    router.register("funding/pledges", PledgeViewSet, basename="funding-pledge")
    router.register("funding/commitments", CommitmentViewSet, basename="funding-commitment")
    router.register("funding/payments", PaymentViewSet, basename="funding-payment")
    router.register("funding/coverage", CoverageViewSet, basename="funding-coverage")

"""REST endpoints for the money chain; reads through selectors, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, scope_for, signed_in
from sunbula.core.api import (
    CREATE_AND_PATCH,
    LocalizedTextField,
    ReasonInput,
    ScopedRelatedField,
    ServiceWritesMixin,
    country_by_iso3,
    country_shown_by_iso3,
    currency_by_code,
    currency_shown_by_code,
    organisation_by_id,
    perform_action,
    post_action,
    read_body,
    save_through,
    write_permission,
)
from sunbula.core.models import Organisation
from sunbula.core.money import usd_text
from sunbula.core.permissions import Perm
from sunbula.funding import selectors, services
from sunbula.funding.access import (
    fetch_appeal,
    fetch_commitment,
    fetch_conference,
    fetch_payment,
    fetch_pledge,
    fetch_requirement,
)
from sunbula.funding.models import (
    Appeal,
    Commitment,
    ContributionType,
    Destination,
    DonorConference,
    Earmarking,
    FundingRequirement,
    Payment,
    Pledge,
)
from sunbula.funding.permissions import FundingPerm
from sunbula.partners.models import Agreement, FocalPoint
from sunbula.partners.permissions import PartnersPerm
from sunbula.programmes.models import DacSector, Programme, Project
from sunbula.programmes.permissions import ProgrammePerm


class WritersCreate(mixins.CreateModelMixin):
    """POST for those who hold `create_perm`; anyone else is refused (403) before the body is
    read, not told what a record would need."""

    create_perm: ClassVar[str]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, self.create_perm)
        return super().create(request, *args, **kwargs)


class ConferenceSerializer(serializers.ModelSerializer[DonorConference]):
    local_title = LocalizedTextField()
    country = country_shown_by_iso3()

    class Meta:
        model = DonorConference
        fields = (
            "id",
            "title",
            "title_translations",
            "local_title",
            *services.CONFERENCE_DETAILS,
            "announcements_published",
            "is_illustrative",
        )
        # An answer only: a conference is written from ConferenceInput, whose links are scoped.
        read_only_fields = fields


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    currency = currency_shown_by_code()
    country = country_shown_by_iso3()
    committed = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    commitments: serializers.PrimaryKeyRelatedField[Commitment] = (
        serializers.PrimaryKeyRelatedField(
            many=True, read_only=True, help_text="The next step in the chain: its commitments."
        )
    )

    class Meta:
        model = Pledge
        fields = (
            "id",
            *services.PLEDGE_AMOUNT_FIELDS,
            "committed",
            "paid",
            *services.PLEDGE_PURPOSE_FIELDS,
            "commitments",
            "is_illustrative",
        )
        # An answer only: a pledge is recorded from PledgeInput, whose links are scoped.
        read_only_fields = fields


class PledgeInput(serializers.Serializer[Any]):
    donor = organisation_by_id()
    conference = serializers.IntegerField(required=False, allow_null=True)
    pledged_on = serializers.DateField()
    currency = currency_by_code()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    country = country_by_iso3(FundingPerm.RECORD_PLEDGE)
    project = ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT, queryset=Project.objects.all(), optional=True
    )
    budget_year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        required=False,
        allow_null=True,
        help_text="The first budget year; the year pledged when not given.",
    )
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
        perm=PartnersPerm.VIEW_AGREEMENT, queryset=Agreement.objects.all(), optional=True
    )

    payments: serializers.PrimaryKeyRelatedField[Payment] = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The next step in the chain: the payments or in-kind contributions made on it.",
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
            "payments",
        )
        read_only_fields = ("units_per_usd", "amount_usd")


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    commitment = ScopedRelatedField(
        perm=FundingPerm.VIEW_FUNDING, queryset=Commitment.objects.all()
    )
    currency = currency_by_code()

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


class ConferenceInput(serializers.ModelSerializer[DonorConference]):
    """A donor conference as written: its country among the caller's, co-hosts by id."""

    country = country_by_iso3(FundingPerm.MANAGE_CONFERENCE)
    appeal = ScopedRelatedField(
        perm=FundingPerm.VIEW_FUNDING, queryset=Appeal.objects.all(), optional=True
    )
    co_hosts = ScopedRelatedField(
        perm=Perm.VIEW_REFERENCE, queryset=Organisation.objects.all(), many=True, required=False
    )

    class Meta:
        model = DonorConference
        fields = (
            "title",
            "title_translations",
            "country",
            "appeal",
            "co_hosts",
            "starts_on",
            "ends_on",
            "modality",
            "venue",
        )


class AnnouncementsPublication(serializers.Serializer[Any]):
    published = serializers.BooleanField(
        help_text="Open (true) or close (false) the conference's public announcements page."
    )


class ConferenceViewSet(ServiceWritesMixin, viewsets.ReadOnlyModelViewSet[DonorConference]):
    """Donor conferences in the caller's countries; POST and PATCH where the caller manages
    conferences, and POST …/publish/ opens or closes its public announcements page."""

    serializer_class = ConferenceSerializer
    write_serializer_class = change_serializer_class = ConferenceInput
    queryset = DonorConference.objects.none()  # the schema's model; rows come from get_queryset
    manage = write = FundingPerm.MANAGE_CONFERENCE
    fetch_record = staticmethod(fetch_conference)
    record_name = "conference"
    create_service = staticmethod(services.conference_create)
    update_service = staticmethod(services.conference_update)

    def get_queryset(self) -> QuerySet[DonorConference]:
        return selectors.conference_list(user=self.request.user)

    @post_action(ConferenceSerializer, body=AnnouncementsPublication)
    def publish(self, request: Request, pk: int) -> Response:
        """Open or close the public page of the conference's financial announcements."""
        publish = services.conference_publish_announcements
        return self.act(request, pk, publish, body=AnnouncementsPublication)


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    local_name = LocalizedTextField()
    country = country_by_iso3(FundingPerm.MANAGE_REQUIREMENT)

    class Meta:
        model = Appeal
        fields = ("id", "code", "name", "name_translations", "local_name", "country")
        # Uniqueness is checked by the service, with the same message as on the page.
        validators: list[Any] = []
        extra_kwargs: ClassVar[dict[str, Any]] = {"code": {"validators": []}}


class AppealViewSet(
    WritersCreate,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Appeal],
):
    """Appeals (e.g. a humanitarian response plan) for the caller's countries."""

    serializer_class = AppealSerializer
    queryset = Appeal.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    search_fields = ("code", "name")
    create_perm = FundingPerm.MANAGE_REQUIREMENT

    def get_queryset(self) -> QuerySet[Appeal]:
        return selectors.appeal_list(user=self.request.user)

    def get_object(self) -> Appeal:
        # A change is refused (403) before its body is read, as a record's change is anywhere.
        write = write_permission(self.request, FundingPerm.MANAGE_REQUIREMENT)
        return fetch_appeal(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer: serializers.BaseSerializer[Appeal]) -> None:
        save_through(serializer, services.appeal_create)

    def perform_update(self, serializer: serializers.BaseSerializer[Appeal]) -> None:
        save_through(serializer, services.appeal_update, appeal=serializer.instance)


class RequirementSerializer(serializers.ModelSerializer[FundingRequirement]):
    country = country_by_iso3(FundingPerm.MANAGE_REQUIREMENT)
    appeal = ScopedRelatedField(
        perm=FundingPerm.VIEW_FUNDING, queryset=Appeal.objects.all(), optional=True
    )
    programme = ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT, queryset=Programme.objects.all(), optional=True
    )
    project = ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT, queryset=Project.objects.all(), optional=True
    )

    class Meta:
        model = FundingRequirement
        fields = ("id", "country", "appeal", "programme", "project", "year", "amount_usd")


class RequirementViewSet(
    WritersCreate,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[FundingRequirement],
):
    """What a country, programme or project needs in a year (USD); coverage is under
    funding/coverage."""

    serializer_class = RequirementSerializer
    queryset = FundingRequirement.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    filterset_fields = ("year",)
    create_perm = FundingPerm.MANAGE_REQUIREMENT

    def get_queryset(self) -> QuerySet[FundingRequirement]:
        return FundingRequirement.objects.visible_to(
            self.request.user, FundingPerm.VIEW_FUNDING
        ).select_related("country")

    def get_object(self) -> FundingRequirement:
        write = write_permission(self.request, FundingPerm.MANAGE_REQUIREMENT)
        return fetch_requirement(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer: serializers.BaseSerializer[FundingRequirement]) -> None:
        save_through(serializer, services.requirement_create)

    def perform_update(self, serializer: serializers.BaseSerializer[FundingRequirement]) -> None:
        save_through(serializer, services.requirement_update, requirement=serializer.instance)


class PledgeCorrection(serializers.Serializer[Any]):
    """What a pledge's PATCH corrects; the amount changes by revision only."""

    focal_point = serializers.PrimaryKeyRelatedField(
        queryset=FocalPoint.objects.all(), required=False, allow_null=True
    )
    commodity = serializers.CharField(required=False, allow_blank=True, max_length=120)
    quantity = serializers.DecimalField(
        max_digits=16, decimal_places=3, required=False, allow_null=True
    )
    unit = serializers.CharField(required=False, allow_blank=True, max_length=20)
    earmarking = serializers.ChoiceField(choices=Earmarking.choices, required=False)
    sector = serializers.ChoiceField(choices=DacSector.choices, required=False, allow_blank=True)


class PledgeRevisionInput(serializers.Serializer[Any]):
    """A pledge's new amount, which replaces the one in force (never adds to it)."""

    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    revised_on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class PledgeCancellation(serializers.Serializer[Any]):
    cancelled_on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class PledgeFilter(django_filters.FilterSet):
    """The list page's filters; `destination`: the pledges that go to a project, to a
    programme or to their country alone."""

    destination = django_filters.ChoiceFilter(choices=Destination.choices, method="going_to")

    class Meta:
        model = Pledge
        fields = (
            "budget_year",
            "donor",
            "conference",
            "status",
            "country",
            "programme",
            "project",
            "destination",
        )

    def going_to(self, pledges: QuerySet[Pledge], name: str, destination: str) -> QuerySet[Pledge]:
        return pledges.filter(selectors.DESTINATIONS[Destination(destination)])


class PledgeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Pledge]):
    """Pledges in the caller's countries, with what is committed and paid; PATCH corrects
    the focal point and what an in-kind pledge gives, POST …/revise/ replaces the amount
    (the earlier one stays in its history) and POST …/cancel/ withdraws what is not
    committed."""

    serializer_class = PledgeSerializer
    queryset = Pledge.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    scope_perm = FundingPerm.VIEW_FUNDING
    filterset_class = PledgeFilter

    def get_queryset(self) -> QuerySet[Pledge]:
        # The answer names a pledge's currency and country; its other links are ids, read
        # from the pledge's own columns. Joining the five other tables only cost PostgreSQL
        # the time to plan the join, several times the query's own.
        pledges = selectors.pledge_list(user=self.request.user).select_related(None)
        return pledges.select_related("currency", "country").prefetch_related("commitments")

    @extend_schema(request=PledgeCorrection, responses={200: PledgeSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pledge = fetch_pledge(request.user, self.kwargs["pk"], write=FundingPerm.RECORD_PLEDGE)
        corrections = read_body(PledgeCorrection, request)
        services.pledge_update(actor=signed_in(request.user), pledge=pledge, **corrections)
        annotated = selectors.pledge_list(user=request.user).get(pk=pledge.pk)
        return Response(PledgeSerializer(annotated).data)

    def _changed(
        self,
        request: Request,
        pk: int,
        service: Callable[..., Pledge],
        body: type[serializers.Serializer[Any]],
    ) -> Response:
        """`service` (a revision, a cancellation) on a pledge the caller records pledges for,
        answered with the pledge as the list shows it."""
        pledge = fetch_pledge(request.user, pk, write=FundingPerm.RECORD_PLEDGE)
        return perform_action(
            request,
            service,
            body=body,
            answer=PledgeSerializer,
            listed=selectors.pledge_list(user=request.user),
            pledge=pledge,
        )

    @post_action(PledgeSerializer, body=PledgeRevisionInput)
    def revise(self, request: Request, pk: int) -> Response:
        return self._changed(request, pk, services.pledge_revise, PledgeRevisionInput)

    @post_action(PledgeSerializer, body=PledgeCancellation)
    def cancel(self, request: Request, pk: int) -> Response:
        return self._changed(request, pk, services.pledge_cancel, PledgeCancellation)

    @extend_schema(request=PledgeInput, responses={201: PledgeSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, FundingPerm.RECORD_PLEDGE)
        values = read_body(PledgeInput, request)
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


class CommitmentCorrection(serializers.Serializer[Any]):
    committed_on = serializers.DateField(required=False)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    quantity = serializers.DecimalField(
        max_digits=16, decimal_places=3, required=False, allow_null=True
    )
    agreement = ScopedRelatedField(
        perm=PartnersPerm.VIEW_AGREEMENT,
        queryset=Agreement.objects.all(),
        optional=True,
    )


class CommitmentViewSet(WritersCreate, viewsets.ReadOnlyModelViewSet[Commitment]):
    """Commitments of pledges in the caller's countries; PATCH corrects one, POST
    …/cancel/ withdraws one recorded by mistake (with a reason) while nothing was paid or
    ordered against it."""

    serializer_class = CommitmentSerializer
    queryset = Commitment.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    scope_perm = FundingPerm.VIEW_FUNDING
    filterset_fields = ("pledge",)
    create_perm = FundingPerm.RECORD_PLEDGE

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.commitment_list(user=self.request.user).prefetch_related("payments")

    def _writable(self, request: Request, pk: int) -> Commitment:
        return fetch_commitment(request.user, pk, write=FundingPerm.RECORD_PLEDGE)

    @extend_schema(request=CommitmentCorrection, responses={200: CommitmentSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return perform_action(
            request,
            services.commitment_update,
            body=CommitmentCorrection,
            answer=CommitmentSerializer,
            listed=self.get_queryset(),
            commitment=self._writable(request, self.kwargs["pk"]),
        )

    @post_action(None, body=ReasonInput, status=204)
    def cancel(self, request: Request, pk: int) -> Response:
        commitment = self._writable(request, pk)
        reason = read_body(ReasonInput, request)
        services.commitment_cancel(actor=signed_in(request.user), commitment=commitment, **reason)
        return Response(status=204)

    def perform_create(self, serializer: serializers.BaseSerializer[Commitment]) -> None:
        values = dict(serializer.validated_data)
        pledge = fetch_pledge(
            self.request.user, values.pop("pledge").pk, write=FundingPerm.RECORD_PLEDGE
        )
        serializer.instance = services.commitment_record(
            actor=signed_in(self.request.user), pledge=pledge, **values
        )


class PaymentCorrection(serializers.Serializer[Any]):
    paid_on = serializers.DateField(required=False)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    quantity = serializers.DecimalField(
        max_digits=16, decimal_places=3, required=False, allow_null=True
    )


class PaymentViewSet(WritersCreate, viewsets.ReadOnlyModelViewSet[Payment]):
    """Payments received against commitments in the caller's countries; PATCH corrects one,
    POST …/cancel/ withdraws one recorded by mistake (with a reason)."""

    serializer_class = PaymentSerializer
    queryset = Payment.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    scope_perm = FundingPerm.VIEW_FUNDING
    filterset_fields = ("commitment",)
    create_perm = FundingPerm.RECORD_PLEDGE

    def _writable(self, request: Request, pk: int) -> Payment:
        return fetch_payment(request.user, pk, write=FundingPerm.RECORD_PLEDGE)

    @extend_schema(request=PaymentCorrection, responses={200: PaymentSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return perform_action(
            request,
            services.payment_update,
            body=PaymentCorrection,
            answer=PaymentSerializer,
            payment=self._writable(request, self.kwargs["pk"]),
        )

    @post_action(None, body=ReasonInput, status=204)
    def cancel(self, request: Request, pk: int) -> Response:
        payment = self._writable(request, pk)
        reason = read_body(ReasonInput, request)
        services.payment_cancel(actor=signed_in(request.user), payment=payment, **reason)
        return Response(status=204)

    def get_queryset(self) -> QuerySet[Payment]:
        return selectors.payment_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[Payment]) -> None:
        values = dict(serializer.validated_data)
        commitment = values.pop("commitment")
        fetch_pledge(self.request.user, commitment.pledge_id, write=FundingPerm.RECORD_PLEDGE)
        serializer.instance = services.payment_record(
            actor=signed_in(self.request.user), commitment=commitment, **values
        )


def usd(help_text: str = "") -> serializers.DecimalField:
    """An amount in US dollars as a decimal string, with the places its conversion gave."""
    return serializers.DecimalField(max_digits=None, decimal_places=None, help_text=help_text)


class CoverageSerializer(serializers.Serializer[Any]):
    requirement = serializers.IntegerField()
    country = serializers.CharField(help_text="ISO3 code.")
    programme = serializers.IntegerField(allow_null=True)
    project = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    required_usd = usd()
    pledged_usd = usd()
    committed_usd = usd()
    paid_usd = usd()
    gap_usd = usd("Required less committed.")
    pledges = serializers.ListField(child=serializers.CharField(), help_text="References.")


class CoverageViewSet(viewsets.ViewSet):
    """Coverage and gap of each funding requirement (commitments count, pledges are listed)."""

    @extend_schema(responses=CoverageSerializer(many=True), filters=False)
    def list(self, request: Request) -> Response:
        require_permission(request.user, FundingPerm.VIEW_FUNDING)
        rows = selectors.requirement_coverage(user=request.user, with_pledges=True)
        return Response(
            [
                {
                    "requirement": row.requirement.pk,
                    "country": row.requirement.country.iso3,
                    "programme": row.requirement.programme_id,
                    "project": row.requirement.project_id,
                    "year": row.requirement.year,
                    "required_usd": usd_text(row.requirement.amount_usd),
                    "pledged_usd": usd_text(row.pledged_usd),
                    "committed_usd": usd_text(row.committed_usd),
                    "paid_usd": usd_text(row.paid_usd),
                    "gap_usd": usd_text(row.gap_usd),
                    "pledges": [pledge.reference for pledge in row.pledges],
                }
                for row in rows
            ]
        )


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("funding/conferences", ConferenceViewSet, basename="funding-conference")
    router.register("funding/appeals", AppealViewSet, basename="funding-appeal")
    router.register("funding/requirements", RequirementViewSet, basename="funding-requirement")
    router.register("funding/pledges", PledgeViewSet, basename="funding-pledge")
    router.register("funding/commitments", CommitmentViewSet, basename="funding-commitment")
    router.register("funding/payments", PaymentViewSet, basename="funding-payment")
    router.register("funding/coverage", CoverageViewSet, basename="funding-coverage")

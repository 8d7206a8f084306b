"""REST endpoints of the registry; persons are masked without protection clearance."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, signed_in
from sunbula.registry import selectors, services
from sunbula.registry.access import fetch_duplicate_pair
from sunbula.registry.models import DuplicatePair, Headcount, Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import PersonCard, person_cards


class PersonCardSerializer(serializers.Serializer[PersonCard]):
    id = serializers.IntegerField(source="pk")
    external_id = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    father_name = serializers.CharField()
    transliterated = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.CharField()
    phone = serializers.CharField()
    id_document_type = serializers.CharField()
    id_number = serializers.CharField()
    country = serializers.CharField()
    admin_area = serializers.CharField()
    household = serializers.CharField()
    displacement_status = serializers.CharField()
    status = serializers.CharField()
    duplicate_of = serializers.IntegerField(allow_null=True)
    has_consent = serializers.BooleanField(allow_null=True)
    is_synthetic = serializers.BooleanField()
    masked = serializers.BooleanField()


class PersonViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    """Persons in the caller's countries; personal data masked without protection clearance.

    `?phone=` and `?id_number=` find a record by exact match (through a keyed hash).
    """

    serializer_class = PersonCardSerializer  # type: ignore[assignment]

    def get_queryset(self) -> QuerySet[Person]:
        params = self.request.query_params
        return selectors.person_list(
            user=self.request.user,
            phone=params.get("phone", ""),
            id_number=params.get("id_number", ""),
            status=params.get("status", ""),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        people = list(page if page is not None else self.get_queryset())
        cards = person_cards(user=request.user, people=people, channel="api:person_list")
        data = PersonCardSerializer(cards, many=True).data  # type: ignore[arg-type]
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = fetch(
            Person.objects.select_related("country", "admin_area", "household", "duplicate_of"),
            request.user,
            kwargs["pk"],
            perm=RegistryPerm.VIEW_REGISTRY,
        )
        card = person_cards(user=request.user, people=[person], channel="api:person_detail")[0]
        return Response(PersonCardSerializer(card).data)


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)  # type: ignore[var-annotated]
    admin_area = serializers.SlugRelatedField(slug_field="p_code", read_only=True)  # type: ignore[var-annotated]
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Household
        fields = (
            "id",
            "reference",
            "external_id",
            "country",
            "admin_area",
            "displacement_status",
            "vulnerabilities",
            "member_count",
            "is_synthetic",
        )


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet[Household]):
    """Households in the caller's countries (members are listed under /people/)."""

    serializer_class = HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return selectors.household_list(user=self.request.user)

    def get_object(self) -> Household:
        fetch(
            Household.objects.select_related("country", "admin_area"),
            self.request.user,
            self.kwargs["pk"],
            perm=RegistryPerm.VIEW_REGISTRY,
        )
        return self.get_queryset().get(pk=self.kwargs["pk"])


class HeadcountSerializer(serializers.ModelSerializer[Headcount]):
    class Meta:
        model = Headcount
        fields = (
            "counted_on",
            "headcount",
            "verified_by",
            "method",
            "special_diets",
            "is_illustrative",
        )


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)  # type: ignore[var-annotated]
    latest_headcount = serializers.IntegerField(read_only=True, allow_null=True)
    latest_counted_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Institution
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            "kind",
            "status",
            "site",
            "country",
            "operating_organisation",
            "latest_headcount",
            "latest_counted_on",
            "is_illustrative",
        )


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet[Institution]):
    """Institutions (treatment centres, prisons) with their latest verified headcount."""

    serializer_class = InstitutionSerializer

    def get_queryset(self) -> QuerySet[Institution]:
        return selectors.institution_list(user=self.request.user)

    def get_object(self) -> Institution:
        fetch(
            Institution.objects.select_related("country", "site", "operating_organisation"),
            self.request.user,
            self.kwargs["pk"],
            perm=RegistryPerm.VIEW_INSTITUTION,
        )
        return self.get_queryset().get(pk=self.kwargs["pk"])

    @action(detail=True, methods=["get", "post"], serializer_class=HeadcountSerializer)
    def headcounts(self, request: Request, pk: int) -> Response:
        """The headcount history; POST records a verified headcount."""
        write = request.method == "POST"
        institution = fetch(
            Institution.objects.select_related("country", "site", "operating_organisation"),
            request.user,
            self.kwargs["pk"],
            perm=RegistryPerm.VIEW_INSTITUTION,
            write=RegistryPerm.MANAGE_INSTITUTION if write else None,
        )
        if write:
            serializer = HeadcountSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            headcount = services.headcount_record(
                actor=signed_in(request.user), institution=institution, **serializer.validated_data
            )
            return Response(HeadcountSerializer(headcount).data, status=201)
        counts = selectors.institution_headcounts(institution=institution)
        return Response(HeadcountSerializer(counts, many=True).data)


class DuplicatePairSerializer(serializers.ModelSerializer[DuplicatePair]):
    class Meta:
        model = DuplicatePair
        fields = ("id", "person_1", "person_2", "score", "status", "decided_at")


class DuplicatePairViewSet(viewsets.ReadOnlyModelViewSet[DuplicatePair]):
    """The review queue: pairs the matcher was not sure of. POST confirm/ or dismiss/."""

    serializer_class = DuplicatePairSerializer

    def get_queryset(self) -> QuerySet[DuplicatePair]:
        status = self.request.query_params.get("status", "pending")
        return selectors.duplicate_queue(user=self.request.user, status=status)

    def get_object(self) -> DuplicatePair:
        return fetch_duplicate_pair(self.request.user, self.kwargs["pk"])

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: int) -> Response:
        pair = fetch_duplicate_pair(
            request.user, self.kwargs["pk"], write=RegistryPerm.REVIEW_DUPLICATES
        )
        merge = services.duplicate_pair_confirm(actor=signed_in(request.user), pair=pair)
        return Response({"merge": merge.pk, "survivor": merge.survivor_id})

    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: int) -> Response:
        pair = fetch_duplicate_pair(
            request.user, self.kwargs["pk"], write=RegistryPerm.REVIEW_DUPLICATES
        )
        services.duplicate_pair_dismiss(actor=signed_in(request.user), pair=pair)
        return Response(DuplicatePairSerializer(pair).data)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("registry/people", PersonViewSet, basename="registry-person")
    router.register("registry/households", HouseholdViewSet, basename="registry-household")
    router.register("registry/institutions", InstitutionViewSet, basename="registry-institution")
    router.register("registry/duplicates", DuplicatePairViewSet, basename="registry-duplicate")

"""REST endpoints of the registry; persons are masked without protection clearance."""

from __future__ import annotations

from typing import Any, TypeVar

import django_filters
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.core.api import (
    CREATE_AND_PATCH,
    LocalizedTextField,
    ScopedRelatedField,
    ServiceWritesMixin,
    admin_area_by_p_code,
    admin_area_shown_by_p_code,
    children_action,
    country_by_iso3,
    country_shown_by_iso3,
    create_through,
    organisation_by_id,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
    write_permission,
)
from sunbula.core.filtering import ScopedFilterBackend
from sunbula.core.models import Site
from sunbula.registry import selectors, services, tasks
from sunbula.registry.access import (
    fetch_consent,
    fetch_duplicate_pair,
    fetch_for_protection,
    fetch_household,
    fetch_institution,
)
from sunbula.registry.duplicate_flag import fetch_flaggable, flag
from sunbula.registry.models import (
    Consent,
    DedupeRun,
    DisplacementStatus,
    DuplicatePair,
    Evidence,
    Farmer,
    Headcount,
    Household,
    Institution,
    Person,
    Vulnerability,
)
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import PersonCard, person_cards
from sunbula.registry.services import FARMER_FIELDS

RecordT = TypeVar("RecordT", bound=Model)


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
    relation_to_head = serializers.CharField()
    displacement_status = serializers.CharField()
    vulnerabilities = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    duplicate_of = serializers.IntegerField(allow_null=True)
    has_consent = serializers.BooleanField(allow_null=True)
    is_synthetic = serializers.BooleanField()
    masked = serializers.BooleanField()


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    class Meta:
        model = Consent
        fields = ("id", "purpose", "given_on", "method", "expires_on", "withdrawn_on")
        read_only_fields = ("id", "withdrawn_on")


class FarmerSerializer(serializers.ModelSerializer[Farmer]):
    crops = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Farmer
        fields = FARMER_FIELDS
        # A farmer may have had no extension contact: left out or null, it counts as none.
        extra_kwargs = {"extension_contacts": {"required": False, "allow_null": True}}


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "nullable": True,
        "description": "The household's id, or its reference as a person's card names it.",
    }
)
class HouseholdLink(ScopedRelatedField):
    """A person's household by its id, or by its reference as the person's card names it (so
    that a card read can be sent back): a reference is looked for in the country the body
    names, else among every household the caller reaches, where it must be the only one."""

    def to_internal_value(self, data: Any) -> Household:
        if not isinstance(data, str) or not data or data.isdigit():
            household: Household = super().to_internal_value(data)
            return household
        households = self.get_queryset().filter(reference=data)
        country = getattr(self.parent, "initial_data", {}).get("country")
        if isinstance(country, str) and country:
            households = households.filter(country__iso3=country)
        found: list[Household] = list(households[:2])
        if len(found) != 1:
            self.fail("does_not_exist", pk_value=data)
        return found[0]


class PersonWriteSerializer(serializers.Serializer[Person]):
    """A person as a client sends it. Personal fields are written (sealed) but never read
    back unmasked without protection clearance; the answer is the person's card."""

    country = country_by_iso3(RegistryPerm.MANAGE_REGISTRY)
    given_name = serializers.CharField(max_length=200)
    family_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    father_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.CharField(max_length=10, required=False, allow_blank=True)
    # A phone number is checked by the person's model (core.validation.phone_number), after
    # the services refuse the masked value a card without clearance shows.
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_document_type = serializers.ChoiceField(
        choices=Person.DocumentType.choices, required=False, allow_blank=True
    )
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    household = HouseholdLink(
        perm=RegistryPerm.MANAGE_REGISTRY, queryset=Household.objects.all(), optional=True
    )
    relation_to_head = serializers.ChoiceField(
        choices=Person.Relation.choices, required=False, allow_blank=True
    )
    admin_area = admin_area_by_p_code(RegistryPerm.MANAGE_REGISTRY)
    displacement_status = serializers.ChoiceField(
        choices=DisplacementStatus.choices, required=False
    )
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)


class DuplicatePairSerializer(serializers.ModelSerializer[DuplicatePair]):
    evidence = serializers.ListField(
        child=serializers.ChoiceField(choices=Evidence.choices), read_only=True
    )

    class Meta:
        model = DuplicatePair
        fields = ("id", "person_1", "person_2", "score", "evidence", "status", "decided_at")


class DuplicateFlagSerializer(serializers.Serializer[Any]):
    other = ScopedRelatedField(perm=RegistryPerm.VIEW_REGISTRY, queryset=Person.objects.all())


class StatedReasonSerializer(serializers.Serializer[Any]):
    """Why personal data is opened or erased, as the registry's export asks for it."""

    reason = serializers.CharField(max_length=255)


class HoldingSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField(help_text="In the reader's language.")
    columns = serializers.DictField(
        child=serializers.CharField(), help_text="Each column's key and heading."
    )
    rows = serializers.ListField(child=serializers.DictField(), help_text="Values by column.")


class SubjectFileSerializer(serializers.Serializer[Any]):
    """Everything held about one person, headings in the reader's language."""

    record = serializers.CharField()
    made_at = serializers.DateTimeField()
    made_by = serializers.CharField()
    reason = serializers.CharField()
    language = serializers.CharField()
    sections = HoldingSerializer(many=True)


class PersonFilter(django_filters.FilterSet):
    """The people list's filters: a household (by id, among those the caller sees) and a
    search by name, phone or identity number (for protection officers: anyone else finds
    no one, as in the search box)."""

    household = django_filters.ModelChoiceFilter(
        queryset=Household.objects.all(), label="Household (id)"
    )
    search = django_filters.CharFilter(
        method="search_people", label="Name (any script or spelling), phone or identity number"
    )

    class Meta:
        model = Person
        fields = ("household", "search")

    def search_people(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        assert self.request is not None  # noqa: S101 — the API's filters are given their request
        found = selectors.person_search(user=self.request.user, query=value, limit=None)
        return queryset.filter(pk__in=found.values("pk"))


class PersonViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Person]
):
    """Persons in the caller's countries; personal data masked without protection clearance.

    `?phone=` and `?id_number=` find a record by exact match (through a keyed hash), for a
    user with protection clearance; anyone else gets no record, only a `detail` saying that
    a possible duplicate exists and to ask a protection officer. `?household=` lists a
    household's members, `?search=` finds people by name, phone or identity number as the
    search box does (protection officers only). POST
    registers a person, PATCH changes one (country stays), …/consents/ records consent and
    …/farm/ the person's farm. With protection clearance and a reason, …/subject-access/
    gives everything held about the person and …/erase/ erases their personal data.
    """

    serializer_class = PersonCardSerializer  # type: ignore[assignment]
    queryset = Person.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = CREATE_AND_PATCH
    # Its own filters only: a person is not ordered or searched by their sealed fields.
    filter_backends = [ScopedFilterBackend]
    filterset_class = PersonFilter
    scope_perm = RegistryPerm.VIEW_REGISTRY

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in ("create", "partial_update"):
            return PersonWriteSerializer
        if self.action == "consents":
            return ConsentSerializer
        if self.action == "farm":
            return FarmerSerializer
        if self.action in ("subject_access", "erase"):
            return StatedReasonSerializer
        return PersonCardSerializer

    def _person(self, request: Request, pk: int) -> Person:
        """The person of the path; a POST needs the right to change the registry too."""
        write = write_permission(request, RegistryPerm.MANAGE_REGISTRY)
        return fetch(
            Person.objects.all(), request.user, pk, perm=RegistryPerm.VIEW_REGISTRY, write=write
        )

    def _card(self, request: Request, person: Person, channel: str) -> dict[str, Any]:
        person = fetch(
            selectors.with_consent(
                Person.objects.select_related("country", "admin_area", "household", "duplicate_of")
            ),
            request.user,
            person.pk,
            perm=RegistryPerm.VIEW_REGISTRY,
        )
        card = person_cards(user=request.user, people=[person], channel=channel)[0]
        return dict(PersonCardSerializer(card).data)

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonCardSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, RegistryPerm.MANAGE_REGISTRY)
        values = read_body(PersonWriteSerializer, request)
        person = services.person_register(actor=signed_in(request.user), **values)
        return Response(
            self._card(request, person, "api:person_create"), status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PersonWriteSerializer, responses={200: PersonCardSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = fetch(
            Person.objects.select_related("country"),
            request.user,
            kwargs["pk"],
            perm=RegistryPerm.VIEW_REGISTRY,
            write=RegistryPerm.MANAGE_REGISTRY,
        )
        values = read_body(PersonWriteSerializer, request, partial=True)
        values.pop("country", None)
        person = services.person_update(actor=signed_in(request.user), person=person, **values)
        return Response(self._card(request, person, "api:person_update"))

    @post_action(
        DuplicatePairSerializer, body=DuplicateFlagSerializer, status=201, url_path="flag-duplicate"
    )
    def flag_duplicate(self, request: Request, pk: int) -> Response:
        """Send this record and another of its country to the duplicates review queue."""
        person = fetch_flaggable(request.user, pk)
        other = read_body(DuplicateFlagSerializer, request)["other"]
        pair = flag(signed_in(request.user), person, other)
        return Response(DuplicatePairSerializer(pair).data, status=status.HTTP_201_CREATED)

    @children_action(ConsentSerializer)
    def consents(self, request: Request, pk: int) -> Response:
        """The person's consents; POST records one (purpose, given_on, method, expires_on)."""
        person = self._person(request, pk)
        if request.method == "POST":
            return create_through(
                request, services.consent_record, body=ConsentSerializer, person=person
            )
        consents, _farmer = selectors.person_detail_related(person=person)
        return Response(ConsentSerializer(consents, many=True).data)

    @extend_schema(methods=["GET"], request=None, responses={200: FarmerSerializer})
    @extend_schema(methods=["POST"], request=FarmerSerializer, responses={200: FarmerSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=FarmerSerializer)
    def farm(self, request: Request, pk: int) -> Response:
        """The person's farm (404 if none); POST records or updates it."""
        person = self._person(request, pk)
        if request.method == "POST":
            return perform_action(
                request, services.farmer_upsert, body=FarmerSerializer, person=person
            )
        _consents, farmer = selectors.person_detail_related(person=person)
        if farmer is None:
            raise Http404
        return Response(FarmerSerializer(farmer).data)

    @post_action(SubjectFileSerializer, body=StatedReasonSerializer, url_path="subject-access")
    def subject_access(self, request: Request, pk: int) -> Response:
        """Everything held about the person (their subject access request), personal data
        unmasked: for a caller with protection clearance, who states a reason; the reading is
        recorded with it."""
        actor = signed_in(request.user)
        person = fetch_for_protection(actor, pk, write=RegistryPerm.EXPORT_REGISTRY)
        given = read_body(StatedReasonSerializer, request)["reason"]
        reason = services.subject_access_record(actor=actor, person=person, reason=given)
        return Response(
            selectors.subject_file(person=person, reader=actor, reason=reason).as_json()
        )

    @post_action(PersonCardSerializer, body=StatedReasonSerializer)
    def erase(self, request: Request, pk: int) -> Response:
        """Erase the person's personal data for good (409 if erased already): for a caller
        with protection clearance, who states a reason. What they received stays."""
        actor = signed_in(request.user)
        person = fetch_for_protection(actor, pk, write=RegistryPerm.ERASE_PERSONAL_DATA)
        given = read_body(StatedReasonSerializer, request)["reason"]
        person = services.person_erase(actor=actor, person=person, reason=given)
        return Response(self._card(request, person, "api:person_erase"))

    def get_queryset(self) -> QuerySet[Person]:
        params = self.request.query_params
        return selectors.person_list(
            user=self.request.user,
            phone=params.get("phone", ""),
            id_number=params.get("id_number", ""),
            status=params.get("status", ""),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        matches, possible_duplicate = selectors.lookup_withheld(
            user=request.user,
            people=self.filter_queryset(self.get_queryset()),
            terms=(params.get("phone", ""), params.get("id_number", "")),
        )
        page = self.paginate_queryset(matches)
        people = list(page if page is not None else matches)
        cards = person_cards(user=request.user, people=people, channel="api:person_list")
        data = PersonCardSerializer(cards, many=True).data  # type: ignore[arg-type]
        response = self.get_paginated_response(data)
        if possible_duplicate:
            # A look-up without protection clearance: no record, only that one exists.
            response.data["detail"] = _("A possible duplicate exists; ask a protection officer.")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = fetch(
            selectors.with_consent(
                Person.objects.select_related("country", "admin_area", "household", "duplicate_of")
            ),
            request.user,
            kwargs["pk"],
            perm=RegistryPerm.VIEW_REGISTRY,
        )
        card = person_cards(user=request.user, people=[person], channel="api:person_detail")[0]
        return Response(PersonCardSerializer(card).data)


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    country = country_shown_by_iso3()
    admin_area = admin_area_shown_by_p_code()
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


class HouseholdWriteSerializer(serializers.ModelSerializer[Household]):
    country = country_by_iso3(RegistryPerm.MANAGE_REGISTRY)
    admin_area = admin_area_by_p_code(RegistryPerm.MANAGE_REGISTRY)
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )

    class Meta:
        model = Household
        fields = (
            "reference",
            "external_id",
            "country",
            "admin_area",
            "displacement_status",
            "vulnerabilities",
        )


class CountedRecordViewSet(ServiceWritesMixin, viewsets.ReadOnlyModelViewSet[RecordT]):
    """A registry record with the counts its list shows (a household's members, an
    institution's latest headcount): read from get_queryset once `fetch_record` lets the
    caller see it, and answered so after POST and PATCH."""

    write = True
    answer_as_listed = True

    def get_object(self) -> RecordT:
        self.fetch_record(self.request.user, self.kwargs["pk"])
        record: RecordT = self.get_queryset().get(pk=self.kwargs["pk"])
        return record


class HouseholdViewSet(CountedRecordViewSet[Household]):
    """Households in the caller's countries (members are listed under /people/); POST
    records one, PATCH changes one."""

    serializer_class = HouseholdSerializer
    write_serializer_class = change_serializer_class = HouseholdWriteSerializer
    queryset = Household.objects.none()  # the schema's model; rows come from get_queryset
    manage = RegistryPerm.MANAGE_REGISTRY
    fetch_record = staticmethod(fetch_household)
    record_name = "household"
    create_service = staticmethod(services.household_create)
    update_service = staticmethod(services.household_update)

    def get_queryset(self) -> QuerySet[Household]:
        return selectors.household_list(user=self.request.user)


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
    local_name = LocalizedTextField()
    country = country_shown_by_iso3()
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
        read_only_fields = fields  # for reading; writes go through their own serializer


class InstitutionWriteSerializer(serializers.ModelSerializer[Institution]):
    """An institution as a client sends it: at a site (by id) in the caller's countries; its
    country is the site's."""

    site = ScopedRelatedField(perm=RegistryPerm.MANAGE_INSTITUTION, queryset=Site.objects.all())
    operating_organisation = organisation_by_id(optional=True)

    class Meta:
        model = Institution
        fields = ("name", "name_translations", "kind", "status", "site", "operating_organisation")


class InstitutionViewSet(CountedRecordViewSet[Institution]):
    """Institutions (treatment centres, prisons) with their latest verified headcount; POST
    adds one, PATCH changes one, …/headcounts/ records a verified headcount."""

    serializer_class = InstitutionSerializer
    write_serializer_class = change_serializer_class = InstitutionWriteSerializer
    queryset = Institution.objects.none()  # the schema's model; rows come from get_queryset
    manage = RegistryPerm.MANAGE_INSTITUTION
    fetch_record = staticmethod(fetch_institution)
    record_name = "institution"
    create_service = staticmethod(services.institution_create)
    update_service = staticmethod(services.institution_update)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "headcounts":
            return HeadcountSerializer
        return super().get_serializer_class()

    def get_queryset(self) -> QuerySet[Institution]:
        return selectors.institution_list(user=self.request.user)

    @children_action(HeadcountSerializer)
    def headcounts(self, request: Request, pk: int) -> Response:
        """The headcount history; POST records a verified headcount."""
        institution = fetch_institution(request.user, pk, write=request.method == "POST")
        if request.method != "POST":
            counts = selectors.institution_headcounts(institution=institution)
            return Response(HeadcountSerializer(counts, many=True).data)
        return create_through(
            request, services.headcount_record, body=HeadcountSerializer, institution=institution
        )


class MergeSerializer(serializers.Serializer[Any]):
    merge = serializers.IntegerField()
    survivor = serializers.IntegerField(help_text="The person record that remains.")


class DuplicatePairViewSet(viewsets.ReadOnlyModelViewSet[DuplicatePair]):
    """The review queue: pairs the matcher was not sure of. POST confirm/ or dismiss/."""

    serializer_class = DuplicatePairSerializer
    queryset = DuplicatePair.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[DuplicatePair]:
        status = self.request.query_params.get("status", "pending")
        return selectors.duplicate_queue(user=self.request.user, status=status)

    def get_object(self) -> DuplicatePair:
        return fetch_duplicate_pair(self.request.user, self.kwargs["pk"])

    def _to_review(self, request: Request) -> DuplicatePair:
        """The pair of the path, where the caller reviews duplicates."""
        return fetch_duplicate_pair(
            request.user, self.kwargs["pk"], write=RegistryPerm.REVIEW_DUPLICATES
        )

    @post_action(MergeSerializer)
    def confirm(self, request: Request, pk: int) -> Response:
        pair = self._to_review(request)
        merge = services.duplicate_pair_confirm(actor=signed_in(request.user), pair=pair)
        return Response({"merge": merge.pk, "survivor": merge.survivor_id})

    @post_action(DuplicatePairSerializer)
    def dismiss(self, request: Request, pk: int) -> Response:
        pair = self._to_review(request)
        services.duplicate_pair_dismiss(actor=signed_in(request.user), pair=pair)
        return Response(DuplicatePairSerializer(pair).data)


class DedupeRunSerializer(serializers.ModelSerializer[DedupeRun]):
    country = country_shown_by_iso3()
    requested_by = serializers.SlugRelatedField(slug_field="email", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = DedupeRun
        fields = (
            "id",
            "country",
            "status",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "records_read",
            "candidate_pairs",
            "merged",
            "queued",
            "reason",
        )


class DedupeRunRequestSerializer(serializers.Serializer[Any]):
    country = country_by_iso3(RegistryPerm.REVIEW_DUPLICATES)


class DedupeRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[DedupeRun]):
    """Checks of a whole registry for people registered twice. POST {"country": "AFG"} queues
    one: a worker merges the pairs the matcher is sure of and sends the others to review."""

    serializer_class = DedupeRunSerializer
    queryset = DedupeRun.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[DedupeRun]:
        return selectors.dedupe_run_list(user=self.request.user)

    def get_object(self) -> DedupeRun:
        runs = DedupeRun.objects.select_related("country", "requested_by")
        return record_of_path_among(self, runs, perm=RegistryPerm.REVIEW_DUPLICATES)

    @extend_schema(request=DedupeRunRequestSerializer, responses={201: DedupeRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, RegistryPerm.REVIEW_DUPLICATES)
        return create_through(
            request, tasks.queue_check, body=DedupeRunRequestSerializer, answer=DedupeRunSerializer
        )


class ConsentViewSet(viewsets.GenericViewSet[Consent]):
    """A recorded consent; POST …/withdraw/ withdraws it today (the person then leaves
    exports unless another consent holds)."""

    serializer_class = ConsentSerializer
    queryset = Consent.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[Consent]:
        scope = require_permission(self.request.user, RegistryPerm.VIEW_REGISTRY)
        return scope.filter(Consent.objects.all(), rule=Person.scope_rule.under("person"))

    @post_action(ConsentSerializer)
    def withdraw(self, request: Request, pk: int) -> Response:
        consent = fetch_consent(request.user, pk)
        consent = services.consent_withdraw(actor=signed_in(request.user), consent=consent)
        return Response(ConsentSerializer(consent).data)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("registry/people", PersonViewSet, basename="registry-person")
    router.register("registry/households", HouseholdViewSet, basename="registry-household")
    router.register("registry/institutions", InstitutionViewSet, basename="registry-institution")
    router.register("registry/duplicates", DuplicatePairViewSet, basename="registry-duplicate")
    router.register("registry/checks", DedupeRunViewSet, basename="registry-check")
    router.register("registry/consents", ConsentViewSet, basename="registry-consent")

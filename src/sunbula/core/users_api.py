"""REST endpoints of the Users section: invite and list users, grant, list and revoke roles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core import selectors, services
from sunbula.core.access import (
    assignment_within,
    fetch,
    programme_limits,
    require_permission,
    signed_in,
)
from sunbula.core.api import ScopedSlugRelatedField, create_through, perform_action
from sunbula.core.models import Country, Organisation, Role, RoleAssignment, User
from sunbula.core.permissions import Perm
from sunbula.core.scoping import NOT_SCOPED


class UserSerializer(serializers.ModelSerializer[User]):
    invited = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "full_name",
            "preferred_language",
            "is_staff",
            "is_active",
            "invited",
        )
        read_only_fields = fields

    def get_invited(self, user: User) -> bool:
        """True until the user has chosen a password."""
        return not user.has_usable_password()


class InvitationInput(serializers.Serializer[Any]):
    email = serializers.EmailField()
    full_name = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    preferred_language = serializers.CharField(required=False, default="en", max_length=10)
    is_staff = serializers.BooleanField(required=False, default=False)


class UserViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[User]):
    """Accounts, for administrators of users. POST invites one (an e-mail with a link that
    expires); POST …/deactivate/ stops one from signing in."""

    serializer_class = UserSerializer
    queryset = User.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["get", "post", "head", "options"]
    search_fields = ("email", "full_name")

    def get_queryset(self) -> QuerySet[User]:
        return selectors.user_list(user=self.request.user)

    @extend_schema(request=InvitationInput, responses={201: UserSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, Perm.MANAGE_USERS)
        return create_through(
            request, services.user_invite, body=InvitationInput, answer=UserSerializer
        )

    @extend_schema(request=None, responses={200: UserSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: int) -> Response:
        user = fetch(User, request.user, pk, perm=Perm.MANAGE_USERS, rule=NOT_SCOPED)
        return perform_action(request, services.user_deactivate, answer=UserSerializer, user=user)


class RoleAssignmentSerializer(serializers.ModelSerializer[RoleAssignment]):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    countries = ScopedSlugRelatedField(
        perm=Perm.MANAGE_USERS,
        slug_field="iso3",
        queryset=Country.objects.all(),
        many=True,
        required=False,
    )
    programmes = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Ids of the programmes the role is limited to (none: every programme).",
    )

    class Meta:
        model = RoleAssignment
        fields = ("id", "user", "role", "organisation", "countries", "programmes", "granted_at")
        read_only_fields = ("granted_at",)
        validators: list[Any] = []

    def to_representation(self, instance: RoleAssignment) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["programmes"] = [programme.pk for programme in selectors.programme_limits_of(instance)]
        return data

    def validate_programmes(self, value: list[int]) -> list[Any]:
        limits = programme_limits()
        if limits is None:
            if value:
                raise serializers.ValidationError("Roles cannot be limited to programmes.")
            return []
        offered = limits.options(self.context["request"].user).filter(pk__in=value)
        found = {programme.pk: programme for programme in offered}
        missing = sorted(set(value) - set(found))
        if missing:
            raise serializers.ValidationError(f"Unknown programmes: {missing}")
        return [found[pk] for pk in value]


class RoleAssignmentViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet[RoleAssignment]
):
    """Roles held by users, with their country and programme limits. POST grants one;
    DELETE revokes it (within the caller's countries)."""

    serializer_class = RoleAssignmentSerializer
    queryset = RoleAssignment.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ("user", "role", "organisation")

    def get_queryset(self) -> QuerySet[RoleAssignment]:
        return selectors.role_assignment_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[RoleAssignment]) -> None:
        scope = require_permission(self.request.user, Perm.MANAGE_USERS)
        values = dict(serializer.validated_data)
        if not scope.every_country and not values.get("countries"):
            raise PermissionDenied
        programmes = values.pop("programmes", None)
        serializer.instance = services.role_grant(
            actor=signed_in(self.request.user),
            user=values["user"],
            role=Role(values["role"]),
            organisation=values["organisation"],
            countries=values.get("countries", ()),
            programmes=programmes,
        )

    def perform_destroy(self, instance: RoleAssignment) -> None:
        scope = require_permission(self.request.user, Perm.MANAGE_USERS)
        if not assignment_within(scope, instance):
            raise PermissionDenied
        services.role_revoke(actor=signed_in(self.request.user), assignment=instance)


def register(router: DefaultRouter) -> None:
    router.register("users", UserViewSet, basename="user")
    router.register("role-assignments", RoleAssignmentViewSet, basename="role-assignment")

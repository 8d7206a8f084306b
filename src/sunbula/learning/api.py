"""REST endpoints of this domain, registered on the /api/v1/ router.

Reads come from selectors (events by host country, registrations also by the participant's
country); the decisions on a registration call the same services as the pages.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    CreateAndPatchMixin,
    RecordActionsMixin,
    ScopedRelatedField,
    ScopedSlugRelatedField,
    ServicePatchMixin,
    ServiceRemoveMixin,
    ServiceWritesMixin,
    country_by_iso3,
    create_through,
    post_action,
    read_body,
    write_permission,
)
from sunbula.core.http import required_int_param
from sunbula.core.openapi import rule_unmet
from sunbula.core.privacy import personal_data
from sunbula.learning import selectors, services
from sunbula.learning.access import (
    CHANGING_EVENTS,
    check_event_placed,
    check_survey_placed,
    fetch_course,
    fetch_delegation,
    fetch_event,
    fetch_lesson,
    fetch_survey,
    registration_to_decide,
)
from sunbula.learning.models import (
    LISTENING_LANGUAGES,
    RESPONDENT_LANGUAGES,
    Course,
    Delegation,
    Event,
    EventSession,
    Lesson,
    Registration,
    Survey,
    SurveyInvitation,
    SurveyOption,
    SurveyQuestion,
    time_zone_names,
)
from sunbula.learning.permissions import LearningPerm
from sunbula.programmes.models import Programme, Project
from sunbula.programmes.permissions import ProgrammePerm


class SessionSerializer(serializers.ModelSerializer[EventSession]):
    class Meta:
        model = EventSession
        fields = ("id", "title", "title_translations", "starts_at", "ends_at")


class EventSerializer(serializers.ModelSerializer[Event]):
    sessions = SessionSerializer(many=True, read_only=True)
    programme = serializers.CharField(source="programme.code", default=None, allow_null=True)
    project = serializers.CharField(source="project.code", default=None, allow_null=True)
    country = serializers.CharField(source="country.iso3", default=None, allow_null=True)

    class Meta:
        model = Event
        fields = (
            "id",
            "title",
            "title_translations",
            "objectives",
            "objectives_translations",
            "audience",
            "audience_translations",
            "kind",
            "modality",
            "programme",
            "project",
            "country",
            "venue",
            "meeting_link",
            "starts_on",
            "ends_on",
            "time_zone",
            "working_language",
            "interpretation_languages",
            "capacity",
            "registration_opens",
            "registration_closes",
            "approval_required",
            "certificate_share",
            "is_illustrative",
            "sessions",
        )


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    country = serializers.CharField(source="country.iso3")

    class Meta:
        model = Registration
        fields = (
            "id",
            "event",
            "full_name",
            "email",
            "country",
            "institution",
            "role",
            "language",
            "listening_language",
            "status",
            "rejection_reason",
            "offer_expires_at",
            "invited",
            "received_by",
            "submitted_at",
            "is_illustrative",
        )


class EventWriteSerializer(serializers.ModelSerializer[Event]):
    """An event as a client sends it: programme and project by code, host country by ISO3
    code (none: international), limited to where the caller manages events."""

    programme = ScopedSlugRelatedField(
        perm=LearningPerm.MANAGE_EVENT,
        slug_field="code",
        queryset=Programme.objects.all(),
        optional=True,
    )
    project = ScopedSlugRelatedField(
        perm=LearningPerm.MANAGE_EVENT,
        slug_field="code",
        queryset=Project.objects.all(),
        optional=True,
    )
    country = country_by_iso3(LearningPerm.MANAGE_EVENT, optional=True)
    interpretation_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LISTENING_LANGUAGES), required=False
    )

    class Meta:
        model = Event
        fields = ("title", *services.EVENT_FIELDS)


class SessionWriteSerializer(serializers.ModelSerializer[EventSession]):
    class Meta:
        model = EventSession
        fields = ("title", "title_translations", "starts_at", "ends_at")


class NominationSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    institution = serializers.CharField(max_length=255)
    role = serializers.ChoiceField(choices=Registration.Role.choices)
    language = serializers.ChoiceField(choices=LISTENING_LANGUAGES, default="en")
    # The event's working language when none is given; one the event offers otherwise.
    listening_language = serializers.ChoiceField(choices=LISTENING_LANGUAGES, required=False)
    # The letter or e-mail's reference: required when an organiser records the nomination.
    received_by = serializers.CharField(max_length=255, default="")


class RemindedSerializer(serializers.Serializer[Any]):
    reminded = serializers.IntegerField()


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    class Meta:
        model = Lesson
        fields = (
            "id",
            "position",
            "title",
            "title_translations",
            "body",
            "body_translations",
            "retired_at",
        )
        read_only_fields = ("retired_at",)


class CourseSerializer(serializers.ModelSerializer[Course]):
    country = serializers.CharField(source="country.iso3")
    project = serializers.CharField(source="project.code", default=None, allow_null=True)
    lessons = LessonSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = (
            "id",
            "title",
            "title_translations",
            "summary",
            "summary_translations",
            "country",
            "project",
            "languages",
            "is_illustrative",
            "lessons",
        )


class CourseWriteSerializer(serializers.ModelSerializer[Course]):
    """A course as a client sends it: country by ISO3 code, project by code."""

    country = country_by_iso3(LearningPerm.MANAGE_COURSE)
    project = ScopedSlugRelatedField(
        perm=LearningPerm.MANAGE_COURSE,
        slug_field="code",
        queryset=Project.objects.all(),
        optional=True,
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=8))

    class Meta:
        model = Course
        fields = services.COURSE_CHANGES


class LessonWriteSerializer(serializers.ModelSerializer[Lesson]):
    class Meta:
        model = Lesson
        fields = services.LESSON_CHANGES


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class LanguageHeadcountSerializer(serializers.Serializer[Any]):
    """How many participants listen in a language: what interpretation to book."""

    language = serializers.CharField()
    participants = serializers.IntegerField()
    offered = serializers.BooleanField(
        help_text="False for a language the event no longer offers that participants chose."
    )


def _clock_of(request: Request, event: Event) -> datetime.tzinfo:
    """The time zone a date-time sent without its offset is read in: the event's, as sent
    in the same body, else as stored."""
    sent = request.data.get("time_zone") if isinstance(request.data, dict) else None
    if isinstance(sent, str) and sent in time_zone_names():
        return zoneinfo.ZoneInfo(sent)
    return event.zone


class EventViewSet(
    RecordActionsMixin,
    CreateAndPatchMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Event],
):
    """Events in the user's scope, with their sessions (`?project=`: of a project the caller
    sees); POST creates one and PATCH corrects one where the caller manages events; cancel,
    close registration and add a session."""

    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    queryset = Event.objects.none()  # the schema's model; rows come from get_queryset
    search_fields = ("title", "venue")
    filterset_fields = ("kind", "modality", "project")
    scope_perm = ProgrammePerm.VIEW_PROJECT
    fetch_record = staticmethod(fetch_event)
    write = LearningPerm.MANAGE_EVENT
    record_name = "event"

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list(user=self.request.user).prefetch_related("sessions")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = fetch_event(request.user, kwargs["pk"])
        return Response(EventSerializer(event).data)

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, LearningPerm.MANAGE_EVENT)
        with timezone.override(_clock_of(request, Event())):
            values = read_body(EventWriteSerializer, request)
        check_event_placed(
            request.user, Event(country=values.get("country"), programme=values.get("programme"))
        )
        title = values.pop("title")
        event = services.event_create(actor=signed_in(request.user), title=title, **values)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses=EventSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = fetch_event(request.user, kwargs["pk"], write=LearningPerm.MANAGE_EVENT)
        as_stored = fetch_event(request.user, event.pk)
        with timezone.override(_clock_of(request, as_stored)):
            values = read_body(EventWriteSerializer, request, as_stored, partial=True)
        check_event_placed(
            request.user,
            Event(
                country=values.get("country", event.country),
                programme=values.get("programme", event.programme),
            ),
        )
        event = services.event_update(actor=signed_in(request.user), event=event, **values)
        return Response(EventSerializer(event).data)

    @post_action(EventSerializer, body=CancelSerializer)
    def cancel(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, services.event_cancel, body=CancelSerializer)

    @post_action(RemindedSerializer)
    def remind(self, request: Request, pk: int) -> Response:
        """Remind every approved participant now, each in their own language."""
        event = fetch_event(request.user, pk, write=LearningPerm.MANAGE_EVENT)
        count = services.reminders_send(actor=signed_in(request.user), event=event)
        return Response({"reminded": count})

    @post_action(EventSerializer, url_path="close-registration")
    def close_registration(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, services.event_registration_close)

    @post_action(SessionSerializer, body=SessionWriteSerializer, status=201)
    def sessions(self, request: Request, pk: int) -> Response:
        event = fetch_event(request.user, pk, write=LearningPerm.MANAGE_EVENT)
        with timezone.override(event.zone):  # a time without its offset: the event's clock
            return create_through(
                request,
                services.session_add,
                body=SessionWriteSerializer,
                answer=SessionSerializer,
                event=event,
            )

    @extend_schema(responses=LanguageHeadcountSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def headcount(self, request: Request, pk: int) -> Response:
        event = fetch_event(request.user, pk)
        rows = selectors.interpretation_headcount(user=request.user, event=event)
        return Response(
            [
                {"language": row.language, "participants": row.participants, "offered": row.offered}
                for row in rows
            ]
        )


class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Registration]):
    """An event's registrations (`?event=<id>`), and the decisions on one: approve, reject."""

    serializer_class = RegistrationSerializer
    queryset = Registration.objects.none()  # the schema's model; rows come from get_queryset

    @extend_schema(parameters=[OpenApiParameter("event", int, required=True)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Registration]:
        event = fetch_event(self.request.user, required_int_param(self.request, "event"))
        return selectors.registration_list(user=self.request.user, event=event)

    @post_action(RegistrationSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        registration = registration_to_decide(request.user, pk)
        services.registration_approve(actor=signed_in(request.user), registration=registration)
        return Response(RegistrationSerializer(registration).data)

    @post_action(RegistrationSerializer, body=RejectSerializer)
    def reject(self, request: Request, pk: int) -> Response:
        registration = registration_to_decide(request.user, pk)
        reason = read_body(RejectSerializer, request)
        services.registration_reject(
            actor=signed_in(request.user), registration=registration, **reason
        )
        return Response(RegistrationSerializer(registration).data)


class CourseViewSet(ServiceWritesMixin, viewsets.ReadOnlyModelViewSet[Course]):
    """Farmer courses in the caller's countries with their lessons; POST and PATCH where
    the caller manages courses; POST …/lessons/ adds a lesson."""

    serializer_class = CourseSerializer
    write_serializer_class = change_serializer_class = CourseWriteSerializer
    queryset = Course.objects.none()  # the schema's model; rows come from get_queryset
    manage = LearningPerm.MANAGE_COURSE
    fetch_record = staticmethod(fetch_course)
    write = True
    record_name = "course"
    create_service = staticmethod(services.course_create)
    update_service = staticmethod(services.course_update)
    search_fields = ("title",)

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.course_list(user=self.request.user).prefetch_related("lessons")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CourseSerializer(fetch_course(request.user, kwargs["pk"])).data)

    @post_action(LessonSerializer, body=LessonWriteSerializer, status=201)
    def lessons(self, request: Request, pk: int) -> Response:
        course = fetch_course(request.user, pk, write=True)
        values = read_body(LessonWriteSerializer, request)
        lesson = services.lesson_add(
            actor=signed_in(request.user),
            course=course,
            position=values.pop("position"),
            title=values.pop("title"),
            body=values.pop("body"),
            **values,
        )
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)


class LessonViewSet(
    ServicePatchMixin,
    ServiceRemoveMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Lesson],
):
    """A lesson of a farmer course (a course lists its lessons). PATCH corrects it where the
    caller manages courses; DELETE removes one no farmer has completed; …/retire/ hides one
    from farmers (no longer needed to complete the course), …/restore/ shows it again."""

    serializer_class = LessonSerializer
    change_serializer_class = LessonWriteSerializer
    queryset = Lesson.objects.none()  # the schema's model; the record comes from get_object
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    fetch_record = staticmethod(fetch_lesson)
    write = True
    record_name = "lesson"
    update_service = staticmethod(services.lesson_update)
    remove_service = staticmethod(services.lesson_remove)
    removal_refused = rule_unmet("Farmers completed the lesson: retire it.")

    def get_object(self) -> Lesson:
        write = write_permission(self.request, LearningPerm.MANAGE_COURSE) is not None
        return fetch_lesson(self.request.user, self.kwargs["pk"], write=write)

    @post_action(LessonSerializer)
    def retire(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, services.lesson_retire)

    @post_action(LessonSerializer)
    def restore(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, services.lesson_restore)


class SurveyOptionSerializer(serializers.ModelSerializer[SurveyOption]):
    class Meta:
        model = SurveyOption
        fields = ("id", "name", "name_translations")


class SurveyQuestionSerializer(serializers.ModelSerializer[SurveyQuestion]):
    options = SurveyOptionSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyQuestion
        fields = (
            "id",
            "position",
            "label",
            "label_translations",
            "kind",
            "required",
            "scale_min",
            "scale_max",
            "options",
        )


class SurveySerializer(serializers.ModelSerializer[Survey]):
    questions = SurveyQuestionSerializer(many=True, read_only=True)
    event: serializers.PrimaryKeyRelatedField[Event] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    country = serializers.CharField(source="country.iso3", default=None, allow_null=True)
    programme = serializers.CharField(source="programme.code", default=None, allow_null=True)

    class Meta:
        model = Survey
        fields = (
            "id",
            "title",
            "title_translations",
            "introduction",
            "introduction_translations",
            "purpose",
            "event",
            "country",
            "programme",
            "created_at",
            "closed_at",
            "is_illustrative",
            "questions",
        )


class SurveyWriteSerializer(serializers.ModelSerializer[Survey]):
    """A survey as a client sends it: for an event (by id), or standing alone in a country
    (ISO3 code, none: international)."""

    event = ScopedRelatedField(
        perm=LearningPerm.MANAGE_EVENT,
        rule=CHANGING_EVENTS,
        queryset=Event.objects.all(),
        optional=True,
    )
    country = country_by_iso3(LearningPerm.MANAGE_EVENT, optional=True)
    programme = ScopedSlugRelatedField(
        perm=LearningPerm.MANAGE_EVENT,
        slug_field="code",
        queryset=Programme.objects.all(),
        optional=True,
    )

    class Meta:
        model = Survey
        fields = ("title", *services.SURVEY_FIELDS)


class OptionInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=255)
    name_translations = serializers.DictField(
        child=serializers.CharField(max_length=255), required=False
    )


class SurveyQuestionWriteSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(max_length=255)  # type: ignore[assignment]
    label_translations = serializers.DictField(
        child=serializers.CharField(max_length=255), required=False
    )
    kind = serializers.ChoiceField(choices=SurveyQuestion.Kind.choices)
    required = serializers.BooleanField(required=False, default=False)  # type: ignore[assignment]
    options = OptionInputSerializer(many=True, required=False)
    scale_min = serializers.IntegerField(required=False, default=1)
    scale_max = serializers.IntegerField(required=False, default=5)


class SurveySendSerializer(serializers.Serializer[Any]):
    to_attendees = serializers.BooleanField(required=False, default=False)
    emails = serializers.ListField(
        child=serializers.EmailField(), required=False, max_length=services.MAX_ADDRESSES
    )
    language = serializers.ChoiceField(choices=RESPONDENT_LANGUAGES, default="en")


class InvitedSerializer(serializers.Serializer[Any]):
    invited = serializers.IntegerField()


class SurveyLinksSerializer(serializers.Serializer[Any]):
    """Links for respondents without an e-mail address: one for each name, or `count`
    without names."""

    names = serializers.ListField(
        child=serializers.CharField(
            max_length=SurveyInvitation._meta.get_field("full_name").max_length
        ),
        required=False,
        allow_empty=False,
        max_length=services.MAX_ADDRESSES,
    )
    count = serializers.IntegerField(required=False, min_value=1, max_value=services.MAX_ADDRESSES)
    language = serializers.ChoiceField(choices=RESPONDENT_LANGUAGES, default="en")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("names" in attrs) == ("count" in attrs):
            raise serializers.ValidationError(
                _("Give either the respondents' names or a number of links.")
            )
        return attrs


class IssuedLinkSerializer(serializers.Serializer[Any]):
    """A respondent's own link, shown in this answer only (just its digest is kept)."""

    full_name = serializers.CharField(source="invitation.full_name")
    language = serializers.CharField(source="invitation.language")
    link = serializers.CharField()


class SurveyViewSet(
    CreateAndPatchMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Survey]
):
    """Surveys in the caller's scope with their questions; POST creates one (for an event,
    or standing alone), POST …/questions/ adds a question, POST …/send/ invites people by
    e-mail, POST …/links/ returns links for people without one."""

    serializer_class = SurveySerializer
    write_serializer_class = SurveyWriteSerializer
    write_actions = ("create",)
    queryset = Survey.objects.none()  # the schema's model; rows come from get_queryset
    search_fields = ("title",)
    filterset_fields = ("purpose",)

    def get_queryset(self) -> QuerySet[Survey]:
        return selectors.survey_list(user=self.request.user).prefetch_related("questions__options")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(SurveySerializer(fetch_survey(request.user, kwargs["pk"])).data)

    @extend_schema(request=SurveyWriteSerializer, responses={201: SurveySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, LearningPerm.MANAGE_EVENT)
        values = read_body(SurveyWriteSerializer, request)
        check_survey_placed(request.user, values)
        title = values.pop("title")
        survey = services.survey_create(actor=signed_in(request.user), title=title, **values)
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)

    @post_action(SurveyQuestionSerializer, body=SurveyQuestionWriteSerializer, status=201)
    def questions(self, request: Request, pk: int) -> Response:
        survey = fetch_survey(request.user, pk, write=LearningPerm.MANAGE_EVENT)
        values = read_body(SurveyQuestionWriteSerializer, request)
        options = [
            services.OptionText(option["name"], option.get("name_translations", {}))
            for option in values.pop("options", [])
        ]
        question = services.survey_question_add(
            actor=signed_in(request.user), survey=survey, options=options, **values
        )
        return Response(SurveyQuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @post_action(InvitedSerializer, body=SurveySendSerializer)
    def send(self, request: Request, pk: int) -> Response:
        survey = fetch_survey(request.user, pk, write=LearningPerm.MANAGE_EVENT)
        sending = read_body(SurveySendSerializer, request)
        invitations = services.survey_send(actor=signed_in(request.user), survey=survey, **sending)
        return Response({"invited": len(invitations)})

    @post_action(IssuedLinkSerializer(many=True), body=SurveyLinksSerializer, status=201)
    @personal_data
    def links(self, request: Request, pk: int) -> Response:
        """Invite respondents without an e-mail address; their links come back this once."""
        survey = fetch_survey(request.user, pk, write=LearningPerm.MANAGE_EVENT)
        values = read_body(SurveyLinksSerializer, request)
        names = values.get("names") or [""] * values["count"]
        issued = services.survey_invite(
            actor=signed_in(request.user),
            survey=survey,
            recipients=[
                services.Recipient(full_name=name, language=values["language"]) for name in names
            ],
        )
        return Response(
            IssuedLinkSerializer(issued, many=True).data, status=status.HTTP_201_CREATED
        )


class DelegationViewSet(viewsets.GenericViewSet[Delegation]):
    """A delegation's focal point nominates officials into it, within its quota; an organiser
    of the event records the nominations its member state sent by letter or e-mail."""

    serializer_class = NominationSerializer

    def get_queryset(self) -> QuerySet[Delegation]:
        return Delegation.objects.none()

    @post_action(RegistrationSerializer, body=NominationSerializer, status=201)
    def nominate(self, request: Request, pk: int) -> Response:
        """Nominate an official; an organiser of the event records one on the delegation's
        behalf with `received_by`, the letter's reference. Anyone else, or past the quota:
        refused."""
        delegation = fetch_delegation(request.user, pk)
        return create_through(
            request,
            services.delegate_nominate,
            body=NominationSerializer,
            answer=RegistrationSerializer,
            delegation=delegation,
        )


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("learning/events", EventViewSet, basename="learning-event")
    router.register("learning/registrations", RegistrationViewSet, basename="learning-registration")
    router.register("learning/courses", CourseViewSet, basename="learning-course")
    router.register("learning/lessons", LessonViewSet, basename="learning-lesson")
    router.register("learning/surveys", SurveyViewSet, basename="learning-survey")
    router.register("learning/delegations", DelegationViewSet, basename="learning-delegation")

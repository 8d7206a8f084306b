"""Back-office lists of learning records; changes go through the pages and services."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.learning.models import (
    Attendance,
    Certificate,
    Course,
    CourseCertificate,
    Enrolment,
    Event,
    EventSession,
    Registration,
    Survey,
    SurveyInvitation,
)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "modality", "starts_on", "capacity", "is_illustrative")
    list_filter = ("kind", "modality")
    search_fields = ("title",)


@admin.register(EventSession)
class EventSessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "event", "starts_at", "ends_at")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "event", "country", "status", "submitted_at")
    list_filter = ("status", "event")
    search_fields = ("full_name", "email", "institution")
    exclude = ("token", "source_digest")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("registration", "session", "minutes", "checked_in_at")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("code", "registration", "issued_at")
    search_fields = ("code",)


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ("title", "country", "is_illustrative")


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("course", "phone_last_digits", "district", "sex", "completed_at")
    list_filter = ("sex", "course")


@admin.register(CourseCertificate)
class CourseCertificateAdmin(ReadOnlyAdmin):
    list_display = ("code", "enrolment", "issued_at")
    search_fields = ("code",)


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("title", "purpose", "event", "country", "created_at", "closed_at")
    list_filter = ("purpose",)
    search_fields = ("title",)


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyAdmin):
    list_display = ("survey", "language", "sent_at", "answered_at")
    exclude = ("email", "full_name", "token_digest")

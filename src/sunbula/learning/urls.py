from __future__ import annotations

from django.urls import path

from sunbula.learning import delegation_views, edit_views, survey_views, views

app_name = "learning"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/new/", edit_views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", edit_views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", edit_views.event_cancel, name="event_cancel"),
    path(
        "events/<int:pk>/close-registration/",
        edit_views.event_close_registration,
        name="event_close_registration",
    ),
    path("events/<int:pk>/sessions/new/", edit_views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", edit_views.session_edit, name="session_edit"),
    path("events/<int:pk>/questions/new/", edit_views.question_create, name="question_create"),
    path(
        "events/<int:pk>/delegations/new/",
        edit_views.delegation_create,
        name="delegation_create",
    ),
    path(
        "delegations/<int:pk>/nominate/",
        delegation_views.delegate_nominate,
        name="delegate_nominate",
    ),
    path("events/<int:pk>/remind/", delegation_views.event_remind, name="event_remind"),
    path("events/<int:pk>/registrations/", views.registration_list, name="registration_list"),
    path(
        "registrations/<int:pk>/approve/",
        views.registration_approve,
        name="registration_approve",
    ),
    path("registrations/<int:pk>/reject/", views.registration_reject, name="registration_reject"),
    path("registrations/<int:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("sessions/<int:pk>/check-in/", views.session_check_in, name="session_check_in"),
    path("sessions/<int:pk>/attendance/", views.attendance_import, name="attendance_import"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", edit_views.course_create, name="course_create"),
    path("courses/<int:pk>/report/", views.course_report, name="course_report"),
    path("courses/<int:pk>/edit/", edit_views.course_edit, name="course_edit"),
    path("courses/<int:pk>/lessons/new/", edit_views.lesson_create, name="lesson_create"),
    path("lessons/<int:pk>/edit/", edit_views.lesson_edit, name="lesson_edit"),
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/new/", survey_views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path(
        "surveys/<int:pk>/questions/new/",
        survey_views.survey_question_create,
        name="survey_question_create",
    ),
    path("surveys/<int:pk>/send/", survey_views.survey_send, name="survey_send"),
    path("surveys/<int:pk>/close/", survey_views.survey_close, name="survey_close"),
    # Public by design.
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("r/<token:token>/", views.registration_status, name="registration_status"),
    path("r/<token:token>/respond/", views.registration_respond, name="registration_respond"),
    path(
        "r/<token:token>/certificate.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path("verify/", views.certificate_verify, name="certificate_verify"),
    path("s/<token:token>/", survey_views.survey_answer, name="survey_answer"),
    path("farm/<lang:farmer_lang>/", views.farm_courses, name="farm_courses"),
    path("farm/<lang:farmer_lang>/courses/<int:pk>/", views.farm_course, name="farm_course"),
    path("farm/<lang:farmer_lang>/lessons/<int:pk>/", views.farm_lesson, name="farm_lesson"),
]

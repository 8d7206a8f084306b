from __future__ import annotations

from sunbula.core.views import view_path
from sunbula.learning import delegation_views, edit_views, survey_views, views

app_name = "learning"

urlpatterns = [
    view_path("", views.event_list),
    view_path("events/new/", edit_views.event_create),
    view_path("events/<int:pk>/", views.event_detail),
    view_path("events/<int:pk>/edit/", edit_views.event_edit),
    view_path("events/<int:pk>/cancel/", edit_views.event_cancel),
    view_path("events/<int:pk>/close-registration/", edit_views.event_close_registration),
    view_path("events/<int:pk>/sessions/new/", edit_views.session_create),
    view_path("sessions/<int:pk>/edit/", edit_views.session_edit),
    view_path("sessions/<int:pk>/remove/", edit_views.session_remove),
    view_path("events/<int:pk>/questions/new/", edit_views.question_create),
    view_path("events/<int:pk>/delegations/new/", edit_views.delegation_create),
    view_path("delegations/<int:pk>/nominate/", delegation_views.delegate_nominate),
    view_path("events/<int:pk>/remind/", delegation_views.event_remind),
    view_path("events/<int:pk>/registrations/", views.registration_list),
    view_path("registrations/<int:pk>/approve/", views.registration_approve),
    view_path("registrations/<int:pk>/reject/", views.registration_reject),
    view_path("registrations/<int:pk>/certificate/", views.certificate_issue),
    view_path("sessions/<int:pk>/check-in/", views.session_check_in),
    view_path("sessions/<int:pk>/attendance/", views.attendance_import),
    view_path("courses/", views.course_list),
    view_path("courses/new/", edit_views.course_create),
    view_path("courses/<int:pk>/report/", views.course_report),
    view_path("courses/<int:pk>/edit/", edit_views.course_edit),
    view_path("courses/<int:pk>/lessons/new/", edit_views.lesson_create),
    view_path("lessons/<int:pk>/edit/", edit_views.lesson_edit),
    view_path("surveys/", survey_views.survey_list),
    view_path("surveys/new/", survey_views.survey_create),
    view_path("surveys/<int:pk>/", survey_views.survey_detail),
    view_path("surveys/<int:pk>/questions/new/", survey_views.survey_question_create),
    view_path("surveys/<int:pk>/send/", survey_views.survey_send),
    view_path("surveys/<int:pk>/links/", survey_views.survey_links),
    view_path("surveys/<int:pk>/close/", survey_views.survey_close),
    # Public by design.
    view_path("events/<int:pk>/register/", views.event_register),
    view_path("r/<token:token>/", views.registration_status),
    view_path("r/<token:token>/respond/", views.registration_respond),
    view_path("r/<token:token>/certificate.pdf", views.certificate_download),
    view_path("verify/", views.certificate_verify),
    view_path("s/<token:token>/", survey_views.survey_answer),
    view_path("farm/<lang:farmer_lang>/", views.farm_courses),
    view_path("farm/<lang:farmer_lang>/courses/<int:pk>/", views.farm_course),
    view_path("farm/<lang:farmer_lang>/lessons/<int:pk>/", views.farm_lesson),
    view_path("farm/<lang:farmer_lang>/courses/<int:pk>/certificate.pdf", views.farm_certificate),
]

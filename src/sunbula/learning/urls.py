from __future__ import annotations

from django.urls import path

from sunbula.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
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
    path("courses/<int:pk>/report/", views.course_report, name="course_report"),
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
    path("farm/<lang:farmer_lang>/", views.farm_courses, name="farm_courses"),
    path("farm/<lang:farmer_lang>/courses/<int:pk>/", views.farm_course, name="farm_course"),
    path("farm/<lang:farmer_lang>/lessons/<int:pk>/", views.farm_lesson, name="farm_lesson"),
]

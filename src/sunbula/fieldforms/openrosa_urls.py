"""The OpenRosa server and the Kobo receiver: outside the language prefix, as devices and
Kobo's REST service call them."""

from __future__ import annotations

from django.urls import URLPattern, path

from sunbula.fieldforms import kobo, openrosa


def _routes(prefix: str, name: str) -> list[URLPattern]:
    return [
        path(f"{prefix}formList", openrosa.form_list, name=f"{name}-formlist"),
        path(f"{prefix}forms/<slug:form_id>/form.xml", openrosa.form_download, name=f"{name}-form"),
        path(
            f"{prefix}forms/<slug:form_id>/manifest",
            openrosa.form_manifest,
            name=f"{name}-manifest",
        ),
        path(
            f"{prefix}forms/<slug:form_id>/media/<slug:stem>.csv",
            openrosa.form_media,
            name=f"{name}-media",
        ),
        path(f"{prefix}submission", openrosa.submission, name=f"{name}-submission"),
    ]


urlpatterns = [
    *_routes("", "openrosa"),
    *_routes("key/<token:token>/", "openrosa-key"),
    path("kobo/<slug:asset_uid>/submissions", kobo.kobo_hook, name="kobo-hook"),
]

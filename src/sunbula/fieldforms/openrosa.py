"""The OpenRosa 1.0 server ODK Collect, KoboCollect and Enketo use: the form list, each
form's XForm and manifest with its media, and the submission endpoint.

A person signs in with HTTP Basic (e-mail and password); a shared device puts its token in
the server URL (`/openrosa/key/<token>/`). An account that has a second factor, or must have
one (administrators, protection clearance), never gets in with its password alone: Basic
cannot carry the second factor, so such an account uses a device key. Every answer carries `X-OpenRosa-Version` and
`Date`; a request without credentials gets 401 and a challenge.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sunbula.core.errors import DomainError
from sunbula.core.http import body_bounded
from sunbula.core.models import User
from sunbula.core.reasons import Reason
from sunbula.core.services import sign_in_failure_record
from sunbula.core.signin import client_address, owed, sign_in_locked
from sunbula.fieldforms import services
from sunbula.fieldforms.models import Channel, Device, FieldForm, FormVersion
from sunbula.fieldforms.payloads import token_digest
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.purposes import MEDIA, refusal_reasons
from sunbula.fieldforms.xforms import NotAnXForm, instance_read, instance_values, md5_hex

XFORMS_LIST = "http://openrosa.org/xforms/xformsList"
XFORMS_MANIFEST = "http://openrosa.org/xforms/xformsManifest"
RESPONSE = "http://openrosa.org/http/response"
REALM = "Sunbula"


def device_server_path(token: str) -> str:
    """The server address set on a device signed in by `token`: where its form list, forms
    and submissions are, below its key."""
    return reverse("openrosa-key-formlist", kwargs={"token": token}).removesuffix("formList")


@dataclass(frozen=True)
class Caller:
    """Who is calling: a person, or a shared device acting as its user."""

    user: User
    device: Device | None

    def forms(self, *, closed_too: bool = False) -> QuerySet[FieldForm]:
        """The open forms the user may see (and the closed ones, to receive what a phone
        filled in before a form closed); a device has only its own among them, so a role
        its user loses takes the forms off the device too."""
        forms = FieldForm.objects.visible_to(self.user, FieldPerm.VIEW_FIELD_FORMS)
        if not closed_too:
            forms = forms.filter(is_open=True)
        if self.device is not None:
            return forms.filter(devices=self.device)
        return forms


def _stamped(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = "1.0"
    response["Date"] = http_date()
    response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return response


def _xml(element: Element, status: int = 200) -> HttpResponse:
    body = tostring(element, encoding="utf-8", xml_declaration=True)
    return _stamped(HttpResponse(body, status=status, content_type="text/xml; charset=utf-8"))


def message(text: str, status: int, nature: str = "") -> HttpResponse:
    """An OpenRosa response message, which Collect shows to the person."""
    root = Element("OpenRosaResponse", xmlns=RESPONSE)
    note = SubElement(root, "message")
    if nature:
        note.set("nature", nature)
    note.text = text
    return _xml(root, status)


def _challenge(text: str = "") -> HttpResponse:
    response = message(text or _("Sign in with your e-mail address and password."), 401)
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def _device_key_needed() -> HttpResponse:
    return _challenge(
        _(
            "This account has a second factor, so a password alone does not sign it in "
            "here. Ask an administrator for a device key and use the server address that "
            "contains it."
        )
    )


def _basic(request: HttpRequest) -> User | None:
    scheme, _space, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        email, _colon, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    email = email.strip().lower()
    address = client_address(request)
    if not email or sign_in_locked(email=email, address=address):
        return None
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        # Counts toward the sign-in lockout, as a failed attempt on the sign-in page does.
        sign_in_failure_record(email=email, address=address)
        return None
    return user


def _device(token: str) -> Device | None:
    return (
        Device.objects.select_related("user", "site__admin_area", "admin_area")
        .filter(token_digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


View = Callable[..., HttpResponse]


def openrosa(view: Callable[..., HttpResponse]) -> View:
    """Authenticate by device token or Basic, answer 401 with a challenge otherwise (and to
    the password of an account that has or needs a second factor, which needs a device
    key), and stamp every answer with the OpenRosa headers. No session, no CSRF: a device has neither."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, token: str = "", **kwargs: Any) -> HttpResponse:
        if token:
            device = _device(token)
            if device is None:
                return message(_("This device's key is not valid or was revoked."), 403)
            caller = Caller(device.user, device)
        else:
            user = _basic(request)
            if user is None:
                return _challenge()
            if owed(user) is not None:
                return _device_key_needed()
            caller = Caller(user, None)
        try:
            return _stamped(view(request, caller, *args, **kwargs))
        except Http404:
            return message(_("No such form."), 404)

    return csrf_exempt(wrapped)


def _url(request: HttpRequest, name: str, token: str, *args: object) -> str:
    if token:
        return request.build_absolute_uri(reverse(f"openrosa-key-{name}", args=[token, *args]))
    return request.build_absolute_uri(reverse(f"openrosa-{name}", args=list(args)))


def _current(caller: Caller, form_id: str) -> FormVersion:
    version = (
        FormVersion.objects.select_related("form__country", "form__cycle", "form__site")
        .filter(form__in=caller.forms(), form__form_id=form_id)
        .order_by("-published_at", "-pk")
        .first()
    )
    if version is None:
        raise Http404
    return version


@openrosa
@require_GET
def form_list(request: HttpRequest, caller: Caller) -> HttpResponse:
    """The OpenRosa form list: the latest version of every form the caller may fill in."""
    token = request.resolver_match.kwargs.get("token", "") if request.resolver_match else ""
    forms = caller.forms()
    if request.GET.get("formID"):
        forms = forms.filter(form_id=request.GET["formID"])
    versions = (
        FormVersion.objects.filter(form__in=forms)
        .select_related("form")
        .order_by("form__form_id", "-published_at", "-pk")
    )
    root = Element("xforms", xmlns=XFORMS_LIST)
    seen: set[int] = set()
    for version in versions:
        if version.form_id in seen:
            continue
        seen.add(version.form_id)
        form = version.form
        entry = SubElement(root, "xform")
        for tag, text in (
            ("formID", form.form_id),
            ("name", form.title),
            ("version", version.version),
            ("hash", f"md5:{version.md5}"),
            ("downloadUrl", _url(request, "form", token, form.form_id)),
        ):
            SubElement(entry, tag).text = text
        if form.purpose in MEDIA:
            SubElement(entry, "manifestUrl").text = _url(request, "manifest", token, form.form_id)
    return _xml(root)


@openrosa
@require_GET
def form_download(request: HttpRequest, caller: Caller, form_id: str) -> HttpResponse:
    version = _current(caller, form_id)
    return HttpResponse(version.xform.encode(), content_type="text/xml; charset=utf-8")


@openrosa
@require_GET
def form_manifest(request: HttpRequest, caller: Caller, form_id: str) -> HttpResponse:
    """The media of a form (its choice lists as CSV), each with its hash."""
    token = request.resolver_match.kwargs.get("token", "") if request.resolver_match else ""
    form = _current(caller, form_id).form
    root = Element("manifest", xmlns=XFORMS_MANIFEST)
    for name, make in MEDIA.get(form.purpose, {}).items():
        entry = SubElement(root, "mediaFile")
        SubElement(entry, "filename").text = name
        SubElement(entry, "hash").text = f"md5:{md5_hex(make(form))}"
        stem = name.removesuffix(".csv")
        SubElement(entry, "downloadUrl").text = _url(request, "media", token, form.form_id, stem)
    return _xml(root)


@openrosa
@require_GET
def form_media(request: HttpRequest, caller: Caller, form_id: str, stem: str) -> HttpResponse:
    """A media file of a form: its choice lists are CSV files."""
    form = _current(caller, form_id).form
    make = MEDIA.get(form.purpose, {}).get(f"{stem}.csv")
    if make is None:
        raise Http404
    return HttpResponse(make(form), content_type="text/csv; charset=utf-8")


def _uploads(request: HttpRequest) -> list[services.Upload]:
    return [
        services.Upload(
            name=upload.name or key, media_type=upload.content_type or "", content=upload.read()
        )
        for key in request.FILES
        if key != "xml_submission_file"
        for upload in request.FILES.getlist(key)
    ]


def _sized(response: HttpResponse) -> HttpResponse:
    """Every answer of the submission endpoint says how large a submission may be: the
    success the protocol requires it on, and the refusals too, so that a device can split."""
    response["X-OpenRosa-Accept-Content-Length"] = str(settings.OPENROSA_MAX_BYTES)
    return response


def _too_large(error: Exception) -> Reason:
    """What a device is told when its submission passes one of the server's limits."""
    if isinstance(error, RequestDataTooBig):
        return Reason(
            gettext_noop(
                "The submission is larger than the %(limit)s this server accepts at once: send "
                "its files in several parts."
            ),
            {"limit": filesizeformat(settings.OPENROSA_MAX_BYTES)},
        )
    if isinstance(error, TooManyFilesSent):
        return Reason(
            gettext_noop(
                "The submission has more than the %(count)s files this server accepts at once: "
                "send them in several parts."
            ),
            {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
        )
    return Reason(
        gettext_noop("The submission has more than the %(count)s fields this server accepts."),
        {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
    )


@dataclass
class Send:
    """One POST to the submission endpoint, as far as it was read: a refusal is recorded
    with what was known of it, never with its values."""

    caller: Caller
    payload: bytes = b""
    form: FieldForm | None = None
    form_named: str = ""
    instance_id: str = ""

    def refuse(self, status: int, *reasons: Reason) -> HttpResponse:
        """Record the refusal for the officer's page and tell the device, in its language."""
        services.refused_send_record(
            actor=self.caller.user,
            channel=Channel.OPENROSA,
            answer=status,
            reasons=reasons,
            form=self.form,
            form_named=self.form_named,
            instance_id=self.instance_id,
            device=self.caller.device,
            payload=self.payload,
        )
        return message(" ".join(str(reason) for reason in reasons), status)


@openrosa
@require_http_methods(["HEAD", "POST"])
def submission(request: HttpRequest, caller: Caller) -> HttpResponse:
    """HEAD: 204 and the largest submission accepted. POST: the instance and its files;
    201 when stored and recorded, 202 when stored and kept for review (the message says
    why). Every answer carries the largest submission accepted."""
    if request.method == "HEAD":
        return _sized(HttpResponse(status=204))
    return _sized(_submission_receive(request, caller))


def _submission_receive(request: HttpRequest, caller: Caller) -> HttpResponse:
    send = Send(caller)
    try:
        body_bounded(request, settings.OPENROSA_MAX_BYTES)
        upload = request.FILES.get("xml_submission_file")
    except (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent) as error:
        return send.refuse(413, _too_large(error))
    if upload is None:
        return send.refuse(400, Reason(gettext_noop("No xml_submission_file was sent.")))
    payload = send.payload = upload.read()
    try:
        instance = instance_read(payload)
    except NotAnXForm as error:
        return send.refuse(400, error.reason)
    send.form_named, send.instance_id = instance.form_id, instance.instance_id
    form = caller.forms(closed_too=True).filter(form_id=instance.form_id).first()
    if form is None:
        if FieldForm.objects.filter(form_id=instance.form_id).exists():
            return send.refuse(403, Reason(gettext_noop("You may not submit this form.")))
        return send.refuse(404, Reason(gettext_noop("No such form.")))
    send.form = form
    try:
        received = services.submission_receive(
            actor=caller.user,
            form=form,
            instance_id=instance.instance_id,
            payload=payload,
            values=instance_values(instance, form.purpose),
            version=instance.version,
            deprecated_id=instance.deprecated_id,
            device=caller.device,
            attachments=_uploads(request),
        )
    except DomainError as error:
        return send.refuse(409, *refusal_reasons(error))
    stored = received.submission
    if not received.created:
        text = _("Received before; nothing was added.")
    elif stored.status == stored.Status.APPLIED:
        text = _("Received and recorded.")
    else:
        text = _("Received; kept for review: %(reason)s") % {"reason": stored.shown_reason}
    # 202: stored, but not (yet) recorded; the device must not send it again either way.
    status = 201 if stored.status == stored.Status.APPLIED else 202
    response = message(text, status, nature="submit_success")
    response["Location"] = request.build_absolute_uri(request.path)
    return response
